
// An additive padding mask broadcast over heads and query positions.
// CHECK-LABEL: func.func @add_broadcast_mask
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[M:.*]]: tensor<?x1x1x?xf32>)
// CHECK: tfm.add %[[S]], %[[M]] : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
func.func @add_broadcast_mask(%scores: tensor<?x2x?x?xf32>, %mask: tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.add %scores, %mask : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

