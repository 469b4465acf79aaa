
func.func @layer_norm_beta_shape(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{beta must have shape [4] (the last dimension of the input), but has type 'tensor<1x4xf32>'}}
  %0 = tfm.layer_norm %x, %g, %b eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  return
}

