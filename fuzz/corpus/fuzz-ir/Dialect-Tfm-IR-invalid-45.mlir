
func.func @linear_in_features(%x: tensor<2x4xf32>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{linear weight 'tensor<5x6xf32>' in layout in_out expects 5 input features, but the input has 4}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<5x6xf32>) -> tensor<2x6xf32>
  return
}

