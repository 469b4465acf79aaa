
// No mask: kind 0.

// CHECK-LABEL: func.func @unmasked
// CHECK:       tfmrt.attention {{.*}} heads 4 scale 1.000000e+00 mask_kind 0 :
func.func @unmasked(%q: tensor<2x5x8xf32>, %k: tensor<2x7x8xf32>, %v: tensor<2x7x8xf32>) -> tensor<2x5x8xf32> {
  %a = tfm.attention %q, %k, %v heads 4 scale 1.000000e+00 : (tensor<2x5x8xf32>, tensor<2x7x8xf32>, tensor<2x7x8xf32>) -> tensor<2x5x8xf32>
  return %a : tensor<2x5x8xf32>
}

