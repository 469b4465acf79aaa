
// CHECK-LABEL: func.func @merge_heads_mixed
// CHECK:      tensor.collapse_shape {{.*}} into tensor<?x?x8xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x8xf32> to tensor<2x3x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x3x?xf32>
func.func @merge_heads_mixed(%x: tensor<?x2x?x4xf32>) -> tensor<2x3x?xf32> {
  %0 = tfm.merge_heads %x : tensor<?x2x?x4xf32> -> tensor<2x3x?xf32>
  return %0 : tensor<2x3x?xf32>
}

