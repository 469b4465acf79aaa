
// CHECK-LABEL: func.func @mlm_mask
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: tfm.mlm_mask %[[IDS]] seed 42 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
func.func @mlm_mask(%ids: tensor<?x?xi64>) -> tensor<?x?xi1> {
  %0 = tfm.mlm_mask %ids seed 42 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

