
// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x?xf32>)
// CHECK: tfm.scale %[[X]] by 1.250000e-01 : tensor<?x2x?x?xf32>
func.func @scale(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.scale %x by 1.250000e-01 : tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

