
// GELU (erf) of a linear without a bias, out_in layout.
// CHECK-LABEL: func.func @gelu_erf_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]] layout <out_in> activation <gelu_erf> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @gelu_erf_no_bias(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
  %1 = tfm.gelu %0 approximate <erf> : tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

