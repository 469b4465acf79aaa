
// nn.Linear ([out, in]) weights declared with the Conv1D layout.
func.func @mlp_layout_mismatch(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{fc weight 'tensor<16x4xf32>' in layout in_out expects 16 input features, but the input has 4}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

