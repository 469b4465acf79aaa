
// Mask on the left of the add, no scaling: fuses with scale 1.
// CHECK-LABEL: func.func @additive_mask_first_unscaled
// CHECK-SAME: (%[[S:.*]]: tensor<?x4x?xf32>, %[[M:.*]]: tensor<?x1x?xf32>)
// CHECK-NEXT: %[[P:.*]] = tfm.masked_softmax %[[S]], %[[M]] scale 1.000000e+00
// CHECK-NEXT: return %[[P]]
func.func @additive_mask_first_unscaled(%scores: tensor<?x4x?xf32>, %mask: tensor<?x1x?xf32>) -> tensor<?x4x?xf32> {
  %m = tfm.add %mask, %scores : (tensor<?x1x?xf32>, tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %p = tfm.softmax %m : tensor<?x4x?xf32>
  return %p : tensor<?x4x?xf32>
}

