
func.func @prepend_cls_cls_hidden(%x: tensor<2x4x8xf32>, %cls: tensor<1x1x4xf32>) {
  // expected-error @+1 {{cls token must have shape [1, 1, 8], but has type 'tensor<1x1x4xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x8xf32>, tensor<1x1x4xf32>) -> tensor<2x5x8xf32>
  return
}

