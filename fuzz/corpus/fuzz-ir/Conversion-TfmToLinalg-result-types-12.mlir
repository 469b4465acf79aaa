
// split_heads takes the heads from its attribute and the head size from the
// input, not from the declared result.
// CHECK-LABEL: func.func @split_heads_less_static
// CHECK:      tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [2, %{{.*}}, 2, 4] : tensor<2x?x8xf32> into tensor<2x?x2x4xf32>
// CHECK:      linalg.transpose
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<2x2x?x4xf32> to tensor<?x?x?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?x?x?xf32>
func.func @split_heads_less_static(%x: tensor<2x?x8xf32>) -> tensor<?x?x?x?xf32> {
  %0 = tfm.split_heads %x heads 2 : tensor<2x?x8xf32> -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

