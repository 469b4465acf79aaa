
// add(r, mlp) (GPT-2): fc with the MLP's GELU, then proj with the residual.
// The hidden [?, ?, 16] comes from the in_out fc weight [4, 16].
// CHECK-LABEL: func.func @mlp_residual_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W1:.*]]: tensor<4x16xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<16x4xf32>, %[[B2:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<?x?x4xf32>)
// CHECK-NEXT: %[[H:.*]] = tfm.linear %[[X]], %[[W1]], %[[B1]] layout <in_out> activation <gelu_tanh> : (tensor<?x?x4xf32>, tensor<4x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[H]], %[[W2]], %[[B2]] layout <in_out> residual %[[R]] : (tensor<?x?x16xf32>, tensor<16x4xf32>, tensor<4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @mlp_residual_tanh(%x: tensor<?x?x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>, %r: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<?x?x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  %1 = tfm.add %r, %0 : (tensor<?x?x4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %1 : tensor<?x?x4xf32>
}

