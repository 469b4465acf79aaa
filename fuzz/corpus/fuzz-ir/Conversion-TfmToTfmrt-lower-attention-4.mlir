
// f16 attention is left for tfm-to-linalg.

// CHECK-LABEL: func.func @f16_is_left_alone
// CHECK:       tfm.attention
// CHECK-NOT:   tfmrt.attention
func.func @f16_is_left_alone(%q: tensor<2x5x8xf16>, %k: tensor<2x7x8xf16>, %v: tensor<2x7x8xf16>) -> tensor<2x5x8xf16> {
  %a = tfm.attention %q, %k, %v heads 4 scale 1.000000e+00 : (tensor<2x5x8xf16>, tensor<2x7x8xf16>, tensor<2x7x8xf16>) -> tensor<2x5x8xf16>
  return %a : tensor<2x5x8xf16>
}

