
// The result's last dimension comes from the rhs: its dim 2 when transposed.

// CHECK-LABEL: func.func @matmul_transpose_rhs
// CHECK-SAME:    (%[[A:.*]]: tensor<?x2x?x4xf32>, %[[B:.*]]: tensor<?x2x?x4xf32>)
// CHECK-DAG:   %[[N:.*]] = tensor.dim %[[B]], %c2
// CHECK-DAG:   %[[BATCH:.*]] = tensor.dim %[[A]], %c0
// CHECK-DAG:   %[[M:.*]] = tensor.dim %[[A]], %c2
// CHECK:       %[[INIT:.*]] = tensor.empty(%[[BATCH]], %[[M]], %[[N]]) : tensor<?x2x?x?xf32>
// CHECK:       tfmrt.matmul %[[A]], %[[B]] into %[[INIT]] {transpose_rhs}
func.func @matmul_transpose_rhs(%a: tensor<?x2x?x4xf32>, %b: tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32> {
  %c = tfm.matmul %a, %b transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  return %c : tensor<?x2x?x?xf32>
}

