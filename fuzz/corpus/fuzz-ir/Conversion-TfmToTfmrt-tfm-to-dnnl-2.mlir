
// Not f32: left for tfm-to-linalg.

// CHECK-LABEL: func.func @linear_f16_is_left_alone
// CHECK:       tfm.linear
// CHECK-NOT:   tfmrt.linear
func.func @linear_f16_is_left_alone(%x: tensor<3x8xf16>, %w: tensor<8x4xf16>) -> tensor<3x4xf16> {
  %y = tfm.linear %x, %w layout <in_out> : (tensor<3x8xf16>, tensor<8x4xf16>) -> tensor<3x4xf16>
  return %y : tensor<3x4xf16>
}

