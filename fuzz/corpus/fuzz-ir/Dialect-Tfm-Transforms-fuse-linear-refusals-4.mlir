
func.func @second_bias(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear already has a bias}}
  %1 = tfm.add %0, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

