
func.func @linear_result_rank(%x: tensor<2x3x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{result type 'tensor<6x6xf32>' does not match the expected shape 'tensor<2x3x6xf32>'}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x3x4xf32>, tensor<4x6xf32>) -> tensor<6x6xf32>
  return
}

