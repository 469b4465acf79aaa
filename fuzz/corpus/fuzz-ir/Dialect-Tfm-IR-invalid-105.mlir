
func.func @merge_heads_element_type(%x: tensor<2x2x3x4xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f16' and 'f32'}}
  %0 = tfm.merge_heads %x : tensor<2x2x3x4xf16> -> tensor<2x3x8xf32>
  return
}

