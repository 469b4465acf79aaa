
func.func @mlp_element_type(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf16>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf16>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

