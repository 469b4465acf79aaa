
func.func @linear_weight_element_type(%x: tensor<2x4xf32>, %w: tensor<4x6xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf16>) -> tensor<2x6xf32>
  return
}

