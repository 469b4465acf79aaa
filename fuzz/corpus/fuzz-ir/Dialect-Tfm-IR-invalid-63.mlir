
// A dynamic feature size prints as ?, not as -9223372036854775808.
func.func @layer_norm_gamma_rank_dynamic_features(%x: tensor<2x?xf32>, %g: tensor<2x2xf32>) {
  // expected-error @+1 {{gamma must have shape [?] (the last dimension of the input), but has type 'tensor<2x2xf32>'}}
  %0 = tfm.layer_norm %x, %g, %g eps 1.0e-05 : (tensor<2x?xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x?xf32>
  return
}

