
// Boolean keep-mask [T, S] (broadcast over batch and heads: map (d2, d3)):
// every sweep computes select(keep, scores * scale, -inf).
// CHECK-LABEL: func.func @masked_softmax_bool
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[KEEP:.*]]: tensor<?x?xi1>)
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[S]], %[[KEEP]] : tensor<?x2x?x?xf32>, tensor<?x?xi1>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[K:.*]]: i1, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[F:.*]] = arith.constant 1.250000e-01 : f32
// CHECK-NEXT:   %[[SC:.*]] = arith.mulf %[[IN]], %[[F]] : f32
// CHECK-NEXT:   %[[NI:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[K]], %[[SC]], %[[NI]] : f32
// CHECK-NEXT:   %[[M:.*]] = arith.maximumf %[[V]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[M]] : f32
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[S]], %[[KEEP]], %[[MAX]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[K:.*]]: i1, %[[MX:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[F:.*]] = arith.constant 1.250000e-01 : f32
// CHECK-NEXT:   %[[SC:.*]] = arith.mulf %[[IN]], %[[F]] : f32
// CHECK-NEXT:   %[[NI:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[K]], %[[SC]], %[[NI]] : f32
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[V]], %[[MX]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   arith.addf %[[E]], %[[ACC]] : f32
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[S]], %[[KEEP]], %[[MAX]], %[[SUM]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[K:.*]]: i1, %[[MX:.*]]: f32, %[[SM:.*]]: f32, %{{.*}}: f32):
// CHECK:        %[[NI:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[K]], %{{.*}}, %[[NI]] : f32
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[V]], %[[MX]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   %[[Q:.*]] = arith.divf %[[E]], %[[SM]] : f32
// CHECK-NEXT:   linalg.yield %[[Q]] : f32
// CHECK:      return %[[P]]
func.func @masked_softmax_bool(%s: tensor<?x2x?x?xf32>, %keep: tensor<?x?xi1>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.masked_softmax %s, %keep scale 1.250000e-01 : (tensor<?x2x?x?xf32>, tensor<?x?xi1>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

