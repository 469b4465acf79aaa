
func.func @unknown_gelu_approximation(%x: tensor<2x4xf32>) {
  // expected-error @+2 {{expected ::mlir::tfm::GeluApproximation to be one of: tanh, erf}}
  // expected-error @+1 {{failed to parse Tfm_GeluApproximationAttr parameter 'value'}}
  %0 = tfm.gelu %x approximate <fast> : tensor<2x4xf32>
  return
}

