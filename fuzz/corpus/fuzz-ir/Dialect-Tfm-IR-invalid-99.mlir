
func.func @split_heads_element_type(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.split_heads %x heads 2 : tensor<2x3x8xf32> -> tensor<2x2x3x4xf16>
  return
}

