
// CHECK-LABEL: func.func @prepend_cls_mixed
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x8xf32> to tensor<2x?x8xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x?x8xf32>
func.func @prepend_cls_mixed(%x: tensor<?x4x8xf32>, %cls: tensor<1x1x8xf32>) -> tensor<2x?x8xf32> {
  %0 = tfm.prepend_cls %x, %cls : (tensor<?x4x8xf32>, tensor<1x1x8xf32>) -> tensor<2x?x8xf32>
  return %0 : tensor<2x?x8xf32>
}

