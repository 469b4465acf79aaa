
// CHECK-LABEL: func.func @cross_entropy_mask_next_token
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<?x?x10xf32>, %[[LABELS:.*]]: tensor<?x?xi64>, %[[MASK:.*]]: tensor<?x?xi1>)
// CHECK: tfm.cross_entropy %[[LOGITS]], %[[LABELS]] mask %[[MASK]] next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<f32>
func.func @cross_entropy_mask_next_token(%logits: tensor<?x?x10xf32>, %labels: tensor<?x?xi64>, %mask: tensor<?x?xi1>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %labels mask %mask next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<f32>
  return %0 : tensor<f32>
}

