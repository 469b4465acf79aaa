
func.func @mlp_proj_bias_shape(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<16xf32>) {
  // expected-error @+1 {{proj bias must have shape [4], but has type 'tensor<16xf32>'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<16xf32>) -> tensor<2x4xf32>
  return
}

