
// An additive padding mask [B, 1, 1, S] over scores [B, H, T, S]: the mask's
// static 1s are read at index 0. The result sizes come from the operand
// that has each dimension unbroadcast (all from the scores here).
// CHECK-LABEL: func.func @add_broadcast_mask
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[M:.*]]: tensor<?x1x1x?xf32>)
// CHECK-NOT:  tensor.dim %[[M]]
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}, %{{.*}}) : tensor<?x2x?x?xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[S]], %[[M]] : tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) outs(%[[EMPTY]] : tensor<?x2x?x?xf32>)
// CHECK:        arith.addf
func.func @add_broadcast_mask(%scores: tensor<?x2x?x?xf32>, %mask: tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.add %scores, %mask : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

