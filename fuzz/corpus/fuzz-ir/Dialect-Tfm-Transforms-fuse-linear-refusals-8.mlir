
func.func @add_broadcasts_linear(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %r: tensor<3x6xf32>) -> tensor<3x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  // expected-remark @+1 {{not fused: the add's result 'tensor<3x6xf32>' does not have the tfm.linear result type 'tensor<6xf32>'}}
  %1 = tfm.add %0, %r : (tensor<6xf32>, tensor<3x6xf32>) -> tensor<3x6xf32>
  return %1 : tensor<3x6xf32>
}

