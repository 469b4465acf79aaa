
func.func @linear_bias_shape(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{linear bias must have shape [6], but has type 'tensor<4xf32>'}}
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}

