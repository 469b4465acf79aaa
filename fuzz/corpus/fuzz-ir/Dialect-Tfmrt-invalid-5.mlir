
func.func @residual_without_flag(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{flag TFMRT_LINEAR_RESIDUAL (0x40) must be set exactly when a residual is given}}
  %r = tfmrt.linear %x, %w residual %y into %y flags 0 : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

