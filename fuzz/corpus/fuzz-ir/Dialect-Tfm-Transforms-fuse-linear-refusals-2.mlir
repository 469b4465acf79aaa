
func.func @gelu_after_activation(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <tanh> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear already applies activation tanh}}
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

