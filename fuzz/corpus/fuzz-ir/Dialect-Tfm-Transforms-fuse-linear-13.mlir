
// Negative: the add broadcasts the linear's result to a larger shape.
// CHECK-LABEL: func.func @add_broadcasts_linear
// CHECK: %[[Y:.*]] = tfm.linear
// CHECK-NEXT: tfm.add %[[Y]]
func.func @add_broadcasts_linear(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %r: tensor<3x6xf32>) -> tensor<3x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  %1 = tfm.add %0, %r : (tensor<6xf32>, tensor<3x6xf32>) -> tensor<3x6xf32>
  return %1 : tensor<3x6xf32>
}

