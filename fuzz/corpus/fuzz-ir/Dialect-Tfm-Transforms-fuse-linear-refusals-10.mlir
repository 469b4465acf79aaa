
// When both operands are layers, the reasons for each are given, the
// left-hand one first.
func.func @both_refused(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear already adds a residual; tfm.linear has users other than the add}}
  %2 = tfm.add %0, %1 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1, %2 : tensor<2x6xf32>, tensor<2x6xf32>
}

