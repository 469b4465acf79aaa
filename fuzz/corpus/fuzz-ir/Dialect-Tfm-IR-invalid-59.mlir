
func.func @layer_norm_input_rank(%x: tensor<f32>, %g: tensor<1xf32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.layer_norm %x, %g, %g eps 1.0e-05 : (tensor<f32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

