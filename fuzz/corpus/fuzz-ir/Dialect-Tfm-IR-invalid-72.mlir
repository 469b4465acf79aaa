
func.func @mlp_fc_weight_rank(%x: tensor<2x4xf32>, %w1: tensor<64xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{fc weight must have rank 2, but has type 'tensor<64xf32>'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<64xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

