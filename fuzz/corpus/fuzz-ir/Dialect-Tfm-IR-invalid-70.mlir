
func.func @mlp_input_rank(%x: tensor<f32>, %w1: tensor<1x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x1xf32>, %b2: tensor<1xf32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<f32>, tensor<1x16xf32>, tensor<16xf32>, tensor<16x1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

