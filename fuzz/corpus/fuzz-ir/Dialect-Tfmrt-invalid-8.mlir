
func.func @epsilon(%x: tensor<3x8xf32>, %g: tensor<8xf32>) -> tensor<3x8xf32> {
  // expected-error@+1 {{epsilon must be positive}}
  %r = tfmrt.layer_norm %x, %g, %g into %x eps 0.0 : (tensor<3x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
  return %r : tensor<3x8xf32>
}

