
func.func @linear_input_rank(%x: tensor<f32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<f32>, tensor<4x6xf32>) -> tensor<6xf32>
  return
}

