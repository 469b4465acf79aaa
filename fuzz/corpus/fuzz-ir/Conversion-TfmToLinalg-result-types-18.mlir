
// CHECK-LABEL: func.func @cls_token_less_static
// CHECK:      tensor.extract_slice {{.*}} : tensor<2x?x8xf32> to tensor<2x8xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<2x8xf32> to tensor<?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xf32>
func.func @cls_token_less_static(%x: tensor<2x?x8xf32>) -> tensor<?x?xf32> {
  %0 = tfm.cls_token %x : tensor<2x?x8xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

