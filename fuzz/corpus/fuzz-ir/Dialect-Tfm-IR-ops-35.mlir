
// CHECK-LABEL: func.func @causal_mask
// CHECK-SAME: (%[[T:.*]]: index)
// CHECK: tfm.causal_mask %[[T]] : tensor<?x?xi1>
func.func @causal_mask(%t: index) -> tensor<?x?xi1> {
  %0 = tfm.causal_mask %t : tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

