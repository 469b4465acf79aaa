
func.func @unknown_flags(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{flags 128 has bits tfmrt_linear does not know}}
  %r = tfmrt.linear %x, %w into %y flags 128 : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

