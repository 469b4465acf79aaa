
// CHECK-LABEL: func.func @position_ids
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: tfm.position_ids %[[IDS]] : tensor<?x?xi64>
func.func @position_ids(%ids: tensor<?x?xi64>) -> tensor<?x?xi64> {
  %0 = tfm.position_ids %ids : tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

