
func.func @bias_flag_without_bias(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{flag TFMRT_LINEAR_BIAS (0x20) must be set exactly when a bias is given}}
  %r = tfmrt.linear %x, %w into %y flags 32 : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

