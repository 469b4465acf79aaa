
// CHECK-LABEL: func.func @linear_out_in_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK: tfm.linear %[[X]], %[[W]] layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
func.func @linear_out_in_no_bias(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

