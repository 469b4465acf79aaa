
func.func @integer_eps(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
  // expected-note @+1 {{add a trailing dot to make the literal a float}}
  %0 = tfm.layer_norm %x, %g, %g eps 1 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

