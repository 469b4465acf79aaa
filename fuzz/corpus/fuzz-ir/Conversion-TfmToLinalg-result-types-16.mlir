
// A table of dynamic width: the width is read from it at run time.
// CHECK-LABEL: func.func @embedding_more_static
// CHECK-SAME: (%[[TABLE:[^:]*]]: tensor<10x?xf32>
// CHECK:      %[[WIDTH:.*]] = tensor.dim %[[TABLE]], %{{.*}} : tensor<10x?xf32>
// CHECK:      tensor.empty(%{{.*}}, %{{.*}}, %[[WIDTH]]) : tensor<?x?x?xf32>
// CHECK:      linalg.generic
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x?xf32> to tensor<?x?x4xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?x4xf32>
func.func @embedding_more_static(%table: tensor<10x?xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x4xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x?xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

