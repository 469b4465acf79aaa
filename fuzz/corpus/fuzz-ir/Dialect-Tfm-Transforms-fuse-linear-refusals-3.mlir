
func.func @gelu_after_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear adds a residual, which its activation would precede}}
  %1 = tfm.gelu %0 approximate <erf> : tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

