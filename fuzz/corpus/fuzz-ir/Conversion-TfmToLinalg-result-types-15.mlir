
// embedding takes the row width from the table.
// CHECK-LABEL: func.func @embedding_less_static
// CHECK:      linalg.generic
// CHECK:      } -> tensor<?x?x4xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x4xf32> to tensor<?x?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?x?xf32>
func.func @embedding_less_static(%table: tensor<10x4xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x?xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

