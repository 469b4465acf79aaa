
// More static: the rows of the left-hand side are dynamic, the result says 3.
// CHECK-LABEL: func.func @matmul_more_static
// CHECK:      linalg.generic
// CHECK:      } -> tensor<2x?x5xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<2x?x5xf32> to tensor<2x3x5xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x3x5xf32>
func.func @matmul_more_static(%a: tensor<2x?x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = tfm.matmul %a, %b : (tensor<2x?x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

