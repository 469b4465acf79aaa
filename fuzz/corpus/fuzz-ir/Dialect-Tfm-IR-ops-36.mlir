
// CHECK-LABEL: func.func @causal_mask_static
// CHECK-SAME: (%[[T:.*]]: index)
// CHECK: tfm.causal_mask %[[T]] : tensor<4x4xi1>
func.func @causal_mask_static(%t: index) -> tensor<4x4xi1> {
  %0 = tfm.causal_mask %t : tensor<4x4xi1>
  return %0 : tensor<4x4xi1>
}

