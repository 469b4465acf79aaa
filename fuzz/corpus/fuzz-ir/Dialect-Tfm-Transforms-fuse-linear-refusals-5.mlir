
func.func @bias_after_activation(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <gelu_erf> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear applies its activation before the add, so 'tensor<6xf32>' cannot become its bias}}
  %1 = tfm.add %b, %0 : (tensor<6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

