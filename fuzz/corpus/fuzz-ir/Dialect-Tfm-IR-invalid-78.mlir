
func.func @mlp_proj_out_features(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x8xf32>, %b2: tensor<8xf32>) {
  // expected-error @+1 {{proj weight maps back to 8 features, but the input has 4}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

