
// Both sides broadcast: [2, 1] + [1, 3] -> [2, 3].
// CHECK-LABEL: func.func @add_broadcast_both
// CHECK:      tensor.empty() : tensor<2x3xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
func.func @add_broadcast_both(%a: tensor<2x1xf32>, %b: tensor<1x3xf32>) -> tensor<2x3xf32> {
  %0 = tfm.add %a, %b : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

