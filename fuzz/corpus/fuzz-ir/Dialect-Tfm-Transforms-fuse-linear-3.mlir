
// An operand of exactly the linear's result type becomes its residual, on
// either side of the add; bias and activation stay, since the residual is
// added after them.
// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[R:.*]]: tensor<?x?x6xf32>)
// CHECK-NEXT: %[[Y0:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> activation <gelu_tanh> residual %[[R]] : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: %[[Y1:.*]] = tfm.linear %[[X]], %[[W]] layout <in_out> residual %[[R]] : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: return %[[Y0]], %[[Y1]]
func.func @residual(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<?x?x6xf32>) -> (tensor<?x?x6xf32>, tensor<?x?x6xf32>) {
  %0 = tfm.linear %x, %w, %b layout <in_out> activation <gelu_tanh> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %1 = tfm.add %0, %r : (tensor<?x?x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>) -> tensor<?x?x6xf32>
  %3 = tfm.add %r, %2 : (tensor<?x?x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %1, %3 : tensor<?x?x6xf32>, tensor<?x?x6xf32>
}

