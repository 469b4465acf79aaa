
// A rank-1 input with an out_in weight: the [1, 4] row is transposed to
// [4, 1], multiplied by the untransposed weight into the bias-initialised
// [6, 1] accumulator, transposed back to [1, 6] and collapsed to [6].
// CHECK-LABEL: func.func @linear_rank1_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<6x4xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[ROW:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<6xf32>) outs(%{{.*}} : tensor<6x1xf32>) dimensions = [1]
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[XT:.*]] = linalg.transpose ins(%[[ROW]] : tensor<1x4xf32>) outs(%{{.*}} : tensor<4x1xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[W]], %[[XT]] : tensor<6x4xf32>, tensor<4x1xf32>) outs(%[[INIT]] : tensor<6x1xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<6x1xf32>) outs(%{{.*}} : tensor<1x6xf32>) permutation = [1, 0]
// CHECK:      %[[FLAT:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0, 1]] : tensor<1x6xf32> into tensor<6xf32>
// CHECK-NOT:  linalg.
// CHECK:      return %[[FLAT]]
func.func @linear_rank1_out_in(%x: tensor<4xf32>, %w: tensor<6x4xf32>, %b: tensor<6xf32>) -> tensor<6xf32> {
  %0 = tfm.linear %x, %w, %b layout <out_in> : (tensor<4xf32>, tensor<6x4xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

