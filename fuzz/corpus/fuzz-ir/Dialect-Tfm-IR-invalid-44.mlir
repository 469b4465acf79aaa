
func.func @linear_weight_rank(%x: tensor<2x4xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{linear weight must have rank 2, but has type 'tensor<4xf32>'}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}

