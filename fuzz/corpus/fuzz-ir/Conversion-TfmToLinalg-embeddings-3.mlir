
// Patches become rows ([B,C,H,W] -> [B,C,H/P,P,W/P,P] -> [B,H/P,W/P,C,P,P]
// -> [B,N,C*P*P]); the projection is a linear layer with the flattened
// [D, C*P*P] weight in out_in layout, so it is computed transposed,
// (W · Xᵀ)ᵀ: the rows are transposed to [B, C*P*P, N], the untransposed
// weight is the shared left-hand side (no batch dim in its map), the bias is
// broadcast along the last dim of the [B, D, N] accumulator, and the result
// is transposed back to [B, N, D]. (D = N = 4 here, so the broadcast
// dimensions and the maps, not the types, pin the layout down.)
// CHECK-LABEL: func.func @patch_embed
// CHECK-SAME: (%[[PIX:.*]]: tensor<?x3x8x8xf32>, %[[W:.*]]: tensor<4x3x4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:      %[[EXP:.*]] = tensor.expand_shape %[[PIX]] {{\[}}[0], [1], [2, 3], [4, 5]] output_shape [%{{.*}}, 3, 2, 4, 2, 4] : tensor<?x3x8x8xf32> into tensor<?x3x2x4x2x4xf32>
// CHECK:      %[[T:.*]] = linalg.transpose ins(%[[EXP]] : tensor<?x3x2x4x2x4xf32>) outs(%{{.*}} : tensor<?x2x2x3x4x4xf32>) permutation = [0, 2, 4, 1, 3, 5]
// CHECK:      %[[ROWS:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1, 2], [3, 4, 5]] : tensor<?x2x2x3x4x4xf32> into tensor<?x4x48xf32>
// CHECK:      %[[FLAT:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<4x3x4x4xf32> into tensor<4x48xf32>
// CHECK-NOT:  linalg.transpose ins(%[[FLAT]]
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<?x4x4xf32>) dimensions = [0, 2]
// CHECK-NOT:  linalg.transpose ins(%[[FLAT]]
// CHECK:      %[[RT:.*]] = linalg.transpose ins(%[[ROWS]] : tensor<?x4x48xf32>) outs(%{{.*}} : tensor<?x48x4xf32>) permutation = [0, 2, 1]
// CHECK-NOT:  linalg.transpose ins(%[[FLAT]]
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[FLAT]], %[[RT]] : tensor<4x48xf32>, tensor<?x48x4xf32>) outs(%[[INIT]] : tensor<?x4x4xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[FLAT]]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<?x4x4xf32>) outs(%{{.*}} : tensor<?x4x4xf32>) permutation = [0, 2, 1]
// CHECK-NOT:  linalg.
// CHECK:      return %[[Y]]
func.func @patch_embed(%pixels: tensor<?x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> tensor<?x4x4xf32> {
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<?x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<?x4x4xf32>
  return %0 : tensor<?x4x4xf32>
}

