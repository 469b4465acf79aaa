
// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[TABLE:.*]]: tensor<10x4xf32>, %[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: %[[E:.*]] = tfm.embedding %[[TABLE]][%[[IDS]]] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
// CHECK-NEXT: return %[[E]]
func.func @embedding(%table: tensor<10x4xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x4xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

