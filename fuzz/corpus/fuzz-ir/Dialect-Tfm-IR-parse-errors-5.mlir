
// The residual comes last, after the activation.
func.func @residual_before_activation(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>, %r: tensor<2x4xf32>) {
  // expected-error @+1 {{expected ':'}}
  %0 = tfm.linear %x, %w layout <in_out> residual %r activation <tanh> : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

