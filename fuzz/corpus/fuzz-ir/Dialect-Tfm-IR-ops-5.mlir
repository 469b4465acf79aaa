
// CHECK-LABEL: func.func @embedding_i32_f16
// CHECK-SAME: (%[[TABLE:.*]]: tensor<10x4xf16>, %[[IDS:.*]]: tensor<2x3xi32>)
// CHECK: tfm.embedding %[[TABLE]][%[[IDS]]] : tensor<10x4xf16>, tensor<2x3xi32> -> tensor<2x3x4xf16>
func.func @embedding_i32_f16(%table: tensor<10x4xf16>, %ids: tensor<2x3xi32>) -> tensor<2x3x4xf16> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf16>, tensor<2x3xi32> -> tensor<2x3x4xf16>
  return %0 : tensor<2x3x4xf16>
}

