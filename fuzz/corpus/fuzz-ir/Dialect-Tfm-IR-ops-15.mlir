
// CHECK-LABEL: func.func @linear_gelu_no_bias_bf16
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xbf16>, %[[W:.*]]: tensor<4x6xbf16>)
// CHECK: tfm.linear %[[X]], %[[W]] layout <in_out> activation <gelu_erf> : (tensor<2x4xbf16>, tensor<4x6xbf16>) -> tensor<2x6xbf16>
func.func @linear_gelu_no_bias_bf16(%x: tensor<2x4xbf16>, %w: tensor<4x6xbf16>) -> tensor<2x6xbf16> {
  %0 = tfm.linear %x, %w layout <in_out> activation <gelu_erf> : (tensor<2x4xbf16>, tensor<4x6xbf16>) -> tensor<2x6xbf16>
  return %0 : tensor<2x6xbf16>
}

