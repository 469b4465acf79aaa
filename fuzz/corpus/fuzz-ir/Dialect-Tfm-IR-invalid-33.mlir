
func.func @prepend_cls_element_type(%x: tensor<2x4x8xf32>, %cls: tensor<1x1x8xbf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'bf16'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x8xf32>, tensor<1x1x8xbf16>) -> tensor<2x5x8xf32>
  return
}

