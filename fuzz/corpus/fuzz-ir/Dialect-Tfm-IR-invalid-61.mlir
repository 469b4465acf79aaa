
func.func @layer_norm_gamma_shape(%x: tensor<2x4xf32>, %g: tensor<2xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{gamma must have shape [4] (the last dimension of the input), but has type 'tensor<2xf32>'}}
  %0 = tfm.layer_norm %x, %g, %b eps 1.0e-05 : (tensor<2x4xf32>, tensor<2xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

