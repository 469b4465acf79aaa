
// A [in, out] (Conv1D) weight used with the nn.Linear layout.
func.func @linear_layout_mismatch_out_in(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{linear weight 'tensor<4x6xf32>' in layout out_in expects 6 input features, but the input has 4}}
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return
}

