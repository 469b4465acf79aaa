
// A [out, in] (nn.Linear) weight used with the Conv1D layout.
func.func @linear_layout_mismatch_in_out(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) {
  // expected-error @+1 {{linear weight 'tensor<6x4xf32>' in layout in_out expects 6 input features, but the input has 4}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x4xf32>
  return
}

