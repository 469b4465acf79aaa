
// Negative: an MLP with another user, and an MLP plus a broadcasting
// operand, stay MLPs.
// CHECK-LABEL: func.func @mlp_not_fused
// CHECK-COUNT-2: tfm.mlp
// CHECK-NOT: tfm.linear
func.func @mlp_not_fused(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>, %r: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = tfm.add %0, %r : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %3 = tfm.add %2, %b2 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0, %1, %3 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

