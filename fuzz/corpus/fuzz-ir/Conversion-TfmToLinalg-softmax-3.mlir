
// Additive mask [B, 1, 1, S] (static 1s read at index 0), scale 1: no
// multiply, no select, the mask is added.
// CHECK-LABEL: func.func @masked_softmax_additive
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[MASK:.*]]: tensor<?x1x1x?xf32>)
// CHECK-NOT:  arith.select
// CHECK-NOT:  arith.mulf
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   ins(%[[S]], %[[MASK]] : tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[V:.*]] = arith.addf %[[IN]], %[[M]] : f32
// CHECK-NEXT:   %[[MX:.*]] = arith.maximumf %[[V]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[MX]] : f32
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[S]], %[[MASK]], %[[MAX]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[M:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-NEXT:   arith.addf %[[IN]], %[[M]] : f32
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[S]], %[[MASK]], %[[MAX]], %[[SUM]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[M:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-NEXT:   arith.addf %[[IN]], %[[M]] : f32
// CHECK:        arith.divf
// CHECK-NOT:  arith.select
// CHECK:      return %[[P]]
func.func @masked_softmax_additive(%s: tensor<?x2x?x?xf32>, %mask: tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.masked_softmax %s, %mask scale 1.000000e+00 : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

