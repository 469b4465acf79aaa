
// CHECK-LABEL: func.func @padding_mask
// CHECK-SAME: (%[[M:.*]]: tensor<?x?xi64>)
// CHECK: tfm.padding_mask %[[M]] : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
func.func @padding_mask(%m: tensor<?x?xi64>) -> tensor<?x1x1x?xf32> {
  %0 = tfm.padding_mask %m : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
  return %0 : tensor<?x1x1x?xf32>
}

