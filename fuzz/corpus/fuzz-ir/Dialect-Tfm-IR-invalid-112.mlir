
func.func @padding_mask_result_shape(%m: tensor<2x5xi64>) {
  // expected-error @+1 {{result type 'tensor<2x5xf32>' does not match the expected shape 'tensor<2x1x1x5xf32>'}}
  %0 = tfm.padding_mask %m : tensor<2x5xi64> -> tensor<2x5xf32>
  return
}

