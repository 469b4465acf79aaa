
// A residual without a bias: the third operand is the residual.
// CHECK-LABEL: func.func @linear_residual_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>, %[[R:.*]]: tensor<2x6xf32>)
// CHECK: tfm.linear %[[X]], %[[W]] layout <out_in> residual %[[R]] : (tensor<2x4xf32>, tensor<6x4xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
func.func @linear_residual_no_bias(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> residual %r : (tensor<2x4xf32>, tensor<6x4xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

