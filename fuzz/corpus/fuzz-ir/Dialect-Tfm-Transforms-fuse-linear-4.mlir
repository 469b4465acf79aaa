
// The residual may have other users (BERT: the add's other operand also
// feeds the next layer norm); the new linear replaces the add where it was.
// CHECK-LABEL: func.func @residual_with_other_users
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x4xf32>, %[[G:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[N:.*]] = tfm.layer_norm %[[X]], %[[G]], %[[G]]
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[N]], %[[W]] layout <out_in> residual %[[N]] : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[M:.*]] = tfm.layer_norm %[[Y]], %[[G]], %[[G]]
// CHECK-NEXT: return %[[M]]
func.func @residual_with_other_users(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>, %g: tensor<4xf32>) -> tensor<2x4xf32> {
  %n = tfm.layer_norm %x, %g, %g eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %0 = tfm.linear %n, %w layout <out_in> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = tfm.add %0, %n : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = tfm.layer_norm %1, %g, %g eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}

