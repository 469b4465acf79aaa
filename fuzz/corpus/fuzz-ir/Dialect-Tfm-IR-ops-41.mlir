
// CHECK-LABEL: func.func @masked_softmax_bool
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[KEEP:.*]]: tensor<?x?xi1>)
// CHECK: tfm.masked_softmax %[[S]], %[[KEEP]] scale 1.250000e-01 : (tensor<?x2x?x?xf32>, tensor<?x?xi1>) -> tensor<?x2x?x?xf32>
func.func @masked_softmax_bool(%s: tensor<?x2x?x?xf32>, %keep: tensor<?x?xi1>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.masked_softmax %s, %keep scale 1.250000e-01 : (tensor<?x2x?x?xf32>, tensor<?x?xi1>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

