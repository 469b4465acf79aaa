
// CHECK-LABEL: func.func @mlp_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W1:.*]]: tensor<16x4xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<4x16xf32>, %[[B2:.*]]: tensor<4xf32>)
// CHECK: tfm.mlp %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
func.func @mlp_out_in(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

