
// [B, S] ids mask -> [B, 1, 1, S] additive mask: 0 where the mask is 1, the
// lowest finite float where it is 0 (as Hugging Face does), not -inf.
// CHECK-LABEL: func.func @padding_mask
// CHECK-SAME: (%[[M:.*]]: tensor<?x?xi64>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x1x1x?xf32>
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[M]] : tensor<?x?xi64>) outs(%[[EMPTY]] : tensor<?x1x1x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: i64, %{{.*}}: f32):
// CHECK-NEXT:   %[[ZERO_ID:.*]] = arith.constant 0 : i64
// CHECK-NEXT:   %[[PAD:.*]] = arith.cmpi eq, %[[IN]], %[[ZERO_ID]] : i64
// CHECK-NEXT:   %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// CHECK-NEXT:   %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[PAD]], %[[LOWEST]], %[[ZERO]] : f32
// CHECK-NEXT:   linalg.yield %[[V]] : f32
// CHECK:      return %[[R]]
func.func @padding_mask(%m: tensor<?x?xi64>) -> tensor<?x1x1x?xf32> {
  %0 = tfm.padding_mask %m : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
  return %0 : tensor<?x1x1x?xf32>
}

