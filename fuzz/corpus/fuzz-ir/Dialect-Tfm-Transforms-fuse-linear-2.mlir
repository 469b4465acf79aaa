
// A [N] operand added to a linear without a bias becomes its bias, on
// either side of the add.
// CHECK-LABEL: func.func @bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NEXT: %[[Y0:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: %[[Y1:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: return %[[Y0]], %[[Y1]]
func.func @bias(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> (tensor<?x?x6xf32>, tensor<?x?x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>) -> tensor<?x?x6xf32>
  %1 = tfm.add %0, %b : (tensor<?x?x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>) -> tensor<?x?x6xf32>
  %3 = tfm.add %b, %2 : (tensor<6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %1, %3 : tensor<?x?x6xf32>, tensor<?x?x6xf32>
}

