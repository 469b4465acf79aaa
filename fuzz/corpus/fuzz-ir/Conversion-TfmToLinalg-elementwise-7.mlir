
// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x?xf32>)
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[X]] : tensor<?x2x?x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[F:.*]] = arith.constant 1.250000e-01 : f32
// CHECK-NEXT:   %[[P:.*]] = arith.mulf %[[IN]], %[[F]] : f32
// CHECK-NEXT:   linalg.yield %[[P]] : f32
// CHECK:      return %[[R]]
func.func @scale(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.scale %x by 1.250000e-01 : tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

