
func.func @missing_eps(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'tfm.layer_norm' expected 'eps'}}
  %0 = tfm.layer_norm %x, %g, %g 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

