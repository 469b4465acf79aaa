
// CHECK-LABEL: func.func @masked_softmax_additive
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[M:.*]]: tensor<?x1x1x?xf32>)
// CHECK: tfm.masked_softmax %[[S]], %[[M]] scale 1.000000e+00 : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
func.func @masked_softmax_additive(%s: tensor<?x2x?x?xf32>, %mask: tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.masked_softmax %s, %mask scale 1.000000e+00 : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

