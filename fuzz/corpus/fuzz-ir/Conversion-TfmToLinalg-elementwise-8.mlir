
// A [T, T] keep-mask and a rank-0 -inf broadcast to the scores: the mask's
// map drops the leading dimensions, the scalar's map has no results.
// CHECK-LABEL: func.func @select_neg_inf
// CHECK-SAME: (%[[KEEP:.*]]: tensor<?x?xi1>, %[[S:.*]]: tensor<?x2x?x?xf32>)
// CHECK:      %[[NEG_INF:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> ()>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   ins(%[[KEEP]], %[[S]], %[[NEG_INF]] : tensor<?x?xi1>, tensor<?x2x?x?xf32>, tensor<f32>)
// CHECK-NEXT: ^bb0(%[[C:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[C]], %[[T]], %[[F]] : f32
// CHECK-NEXT:   linalg.yield %[[V]] : f32
// CHECK:      return %[[R]]
func.func @select_neg_inf(%keep: tensor<?x?xi1>, %scores: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %neg_inf = arith.constant dense<0xFF800000> : tensor<f32>
  %0 = tfm.select %keep, %scores, %neg_inf : (tensor<?x?xi1>, tensor<?x2x?x?xf32>, tensor<f32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

