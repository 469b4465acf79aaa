
// A rank-1 linear's [N] operand is both bias- and residual-shaped: it
// becomes the bias when the linear has none, else the residual.
// CHECK-LABEL: func.func @rank1
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[C:.*]]: tensor<6xf32>)
// CHECK-NEXT: %[[Y0:.*]] = tfm.linear %[[X]], %[[W]], %[[C]] layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[Y1:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> residual %[[C]] : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[Y0]], %[[Y1]]
func.func @rank1(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %c: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  %1 = tfm.add %0, %c : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
  %2 = tfm.linear %x, %w, %b layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
  %3 = tfm.add %2, %c : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %1, %3 : tensor<6xf32>, tensor<6xf32>
}

