
// CHECK-LABEL: func.func @split_heads_more_static
// CHECK:      tensor.expand_shape {{.*}} : tensor<?x?x8xf32> into tensor<?x?x2x4xf32>
// CHECK:      linalg.transpose
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x2x?x4xf32> to tensor<2x2x3x4xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x2x3x4xf32>
func.func @split_heads_more_static(%x: tensor<?x?x8xf32>) -> tensor<2x2x3x4xf32> {
  %0 = tfm.split_heads %x heads 2 : tensor<?x?x8xf32> -> tensor<2x2x3x4xf32>
  return %0 : tensor<2x2x3x4xf32>
}

