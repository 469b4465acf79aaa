
func.func @second_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear already adds a residual}}
  %1 = tfm.add %0, %r : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

