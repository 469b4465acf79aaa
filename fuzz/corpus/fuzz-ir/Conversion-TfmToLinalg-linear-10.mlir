
// out_in mlp: each linear is computed transposed, (W · Xᵀ)ᵀ, with the
// weights untransposed as shared left-hand sides; the hidden size comes from
// the fc weight's first dimension; erf GELU on the transposed-back hidden.
// CHECK-LABEL: func.func @mlp_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W1:.*]]: tensor<16x4xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<4x16xf32>, %[[B2:.*]]: tensor<4xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W1]]
// CHECK:      %[[INIT1:.*]] = linalg.broadcast ins(%[[B1]] : tensor<16xf32>) outs(%{{.*}} : tensor<16x2xf32>) dimensions = [1]
// CHECK-NOT:  linalg.transpose ins(%[[W1]]
// CHECK:      %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<4x2xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.transpose ins(%[[W1]]
// CHECK:      %[[HT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[W1]], %[[XT]] : tensor<16x4xf32>, tensor<4x2xf32>) outs(%[[INIT1]] : tensor<16x2xf32>)
// CHECK:      %[[H:.*]] = linalg.transpose ins(%[[HT]] : tensor<16x2xf32>) outs(%{{.*}} : tensor<2x16xf32>) permutation = [1, 0]
// CHECK:      %[[G:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[H]] : tensor<2x16xf32>)
// CHECK:        math.erf
// CHECK-NOT:  linalg.transpose ins(%[[W2]]
// CHECK:      %[[INIT2:.*]] = linalg.broadcast ins(%[[B2]] : tensor<4xf32>) outs(%{{.*}} : tensor<4x2xf32>) dimensions = [1]
// CHECK-NOT:  linalg.transpose ins(%[[W2]]
// CHECK:      %[[GT:.*]] = linalg.transpose ins(%[[G]] : tensor<2x16xf32>) outs(%{{.*}} : tensor<16x2xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.transpose ins(%[[W2]]
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[W2]], %[[GT]] : tensor<4x16xf32>, tensor<16x2xf32>) outs(%[[INIT2]] : tensor<4x2xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W2]]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<4x2xf32>) outs(%{{.*}} : tensor<2x4xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.
// CHECK:      return %[[Y]]
func.func @mlp_out_in(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

