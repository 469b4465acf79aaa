
// CHECK-LABEL: func.func @cross_entropy_mask
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<2x3x10xf32>, %[[LABELS:.*]]: tensor<2x3xi32>, %[[MASK:.*]]: tensor<2x3xi1>)
// CHECK: tfm.cross_entropy %[[LOGITS]], %[[LABELS]] mask %[[MASK]] {ignore_index = 0 : i64} : (tensor<2x3x10xf32>, tensor<2x3xi32>, tensor<2x3xi1>) -> tensor<f32>
func.func @cross_entropy_mask(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi32>, %mask: tensor<2x3xi1>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %labels mask %mask {ignore_index = 0 : i64} : (tensor<2x3x10xf32>, tensor<2x3xi32>, tensor<2x3xi1>) -> tensor<f32>
  return %0 : tensor<f32>
}

