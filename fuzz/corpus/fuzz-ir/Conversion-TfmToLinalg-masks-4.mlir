
// splitmix64 of (seed, row * T + column), its top 24 bits compared with
// probability * 2^24 (0.15 -> 2516582).
// CHECK-LABEL: func.func @mlm_mask
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xi1>
// CHECK:      %[[M:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   outs(%[[EMPTY]] : tensor<?x?xi1>)
// CHECK:        linalg.index 0 : index
// CHECK:        linalg.index 1 : index
// CHECK:        tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK:        arith.constant 42 : i64
// CHECK:        arith.constant -7046029254386353131 : i64
// CHECK:        arith.constant 30 : i64
// CHECK:        arith.constant -4658895280553007687 : i64
// CHECK:        arith.constant 27 : i64
// CHECK:        arith.constant -7723592293110705685 : i64
// CHECK:        arith.constant 31 : i64
// CHECK:        %[[C40:.*]] = arith.constant 40 : i64
// CHECK-NEXT:   %[[TOP:.*]] = arith.shrui %{{.*}}, %[[C40]] : i64
// CHECK-NEXT:   %[[THRESHOLD:.*]] = arith.constant 2516582 : i64
// CHECK-NEXT:   %[[KEEP:.*]] = arith.cmpi ult, %[[TOP]], %[[THRESHOLD]] : i64
// CHECK-NEXT:   linalg.yield %[[KEEP]] : i1
// CHECK:      return %[[M]]
func.func @mlm_mask(%ids: tensor<?x?xi64>) -> tensor<?x?xi1> {
  %0 = tfm.mlm_mask %ids seed 42 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

