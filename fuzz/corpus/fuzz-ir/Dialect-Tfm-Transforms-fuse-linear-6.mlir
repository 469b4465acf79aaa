
// Both operands are linears that could take the other as residual: the
// left-hand one does.
// CHECK-LABEL: func.func @two_linears
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[V:.*]]: tensor<4x6xf32>)
// CHECK-NEXT: %[[RHS:.*]] = tfm.linear %[[X]], %[[V]] layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]] layout <in_out> residual %[[RHS]]
// CHECK-NEXT: return %[[Y]]
func.func @two_linears(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %v: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.linear %x, %v layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %2 = tfm.add %0, %1 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %2 : tensor<2x6xf32>
}

