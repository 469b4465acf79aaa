
// CHECK-LABEL: func.func @cross_entropy_next_token
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<?x?x10xf32>, %[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: tfm.cross_entropy %[[LOGITS]], %[[IDS]] next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
func.func @cross_entropy_next_token(%logits: tensor<?x?x10xf32>, %ids: tensor<?x?xi64>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %ids next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

