
// Same shapes: identity maps, no constant indices.
// CHECK-LABEL: func.func @add
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<2x3x4xf32>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty() : tensor<2x3x4xf32>
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[A]], %[[B]] : tensor<2x3x4xf32>, tensor<2x3x4xf32>) outs(%[[EMPTY]] : tensor<2x3x4xf32>)
// CHECK-NEXT: ^bb0(%[[L:.*]]: f32, %[[RI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[L]], %[[RI]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// CHECK:      return %[[R]]
func.func @add(%a: tensor<2x3x4xf32>, %b: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tfm.add %a, %b : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

