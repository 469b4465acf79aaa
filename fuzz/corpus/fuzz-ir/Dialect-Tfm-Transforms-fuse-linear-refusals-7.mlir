
func.func @broadcasting_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<1x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: the other operand 'tensor<1x6xf32>' is neither a bias [6] nor of the tfm.linear result type 'tensor<2x6xf32>' (a residual must not broadcast)}}
  %1 = tfm.add %0, %r : (tensor<2x6xf32>, tensor<1x6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

