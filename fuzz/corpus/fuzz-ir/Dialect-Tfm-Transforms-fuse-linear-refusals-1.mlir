
func.func @multi_use_linear(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear has users other than the gelu}}
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear has users other than the add}}
  %2 = tfm.add %0, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %1, %2 : tensor<2x6xf32>, tensor<2x6xf32>
}

