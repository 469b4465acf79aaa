
func.func @cls_token_element_type(%x: tensor<2x4x8xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.cls_token %x : tensor<2x4x8xf32> -> tensor<2x8xf16>
  return
}

