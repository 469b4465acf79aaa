
func.func @layer_norm_result_shape(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<4x4xf32>' does not match the expected shape 'tensor<2x4xf32>'}}
  %0 = tfm.layer_norm %x, %g, %g eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  return
}

