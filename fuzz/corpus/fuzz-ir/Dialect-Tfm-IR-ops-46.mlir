
// The default ignore_index (-100) is not printed.
// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<?x?x10xf32>, %[[LABELS:.*]]: tensor<?x?xi64>)
// CHECK: tfm.cross_entropy %[[LOGITS]], %[[LABELS]] : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
func.func @cross_entropy(%logits: tensor<?x?x10xf32>, %labels: tensor<?x?xi64>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %labels {ignore_index = -100 : i64} : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

