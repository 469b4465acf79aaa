
func.func @linear_bias_rank(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>, %b: tensor<1x6xf32>) {
  // expected-error @+1 {{linear bias must have shape [6], but has type 'tensor<1x6xf32>'}}
  %0 = tfm.linear %x, %w, %b layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>, tensor<1x6xf32>) -> tensor<2x6xf32>
  return
}

