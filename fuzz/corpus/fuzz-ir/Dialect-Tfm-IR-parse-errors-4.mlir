
func.func @unknown_activation(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+2 {{expected ::mlir::tfm::Activation to be one of: none, gelu_tanh, gelu_erf, tanh}}
  // expected-error @+1 {{failed to parse Tfm_ActivationAttr parameter 'value'}}
  %0 = tfm.linear %x, %w layout <in_out> activation <relu> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

