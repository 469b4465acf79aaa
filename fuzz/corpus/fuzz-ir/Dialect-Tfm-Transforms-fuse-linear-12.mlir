
// Negative: broadcasting residuals. [1, 6] and a less static [?, 6] are not
// the linear's result type [2, 6]; a [1] operand is not a [6] bias.
// CHECK-LABEL: func.func @broadcasting_residual
// CHECK-COUNT-3: tfm.add
// CHECK-NOT: residual
func.func @broadcasting_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<1x6xf32>, %s: tensor<?x6xf32>, %c: tensor<1xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.add %0, %r : (tensor<2x6xf32>, tensor<1x6xf32>) -> tensor<2x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %3 = tfm.add %2, %s : (tensor<2x6xf32>, tensor<?x6xf32>) -> tensor<2x6xf32>
  %4 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %5 = tfm.add %4, %c : (tensor<2x6xf32>, tensor<1xf32>) -> tensor<2x6xf32>
  return %1, %3, %5 : tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>
}

