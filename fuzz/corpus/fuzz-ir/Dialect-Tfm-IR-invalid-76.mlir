
func.func @mlp_proj_in_features(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<8x4xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{proj weight 'tensor<8x4xf32>' in layout in_out expects 8 input features, but the input has 16}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

