
// A rank-1 input is a single row: expanded to [1, K] first, multiplied,
// collapsed back; the bias is broadcast straight into the [1, N]
// accumulator. Here in_out, with the erf GELU as the activation.
// CHECK-LABEL: func.func @linear_rank1_gelu_erf
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[ROW:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<6xf32>) outs(%{{.*}} : tensor<1x6xf32>) dimensions = [0]
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   ins(%[[ROW]], %[[W]] : tensor<1x4xf32>, tensor<4x6xf32>) outs(%[[INIT]] : tensor<1x6xf32>)
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[FLAT:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0, 1]] : tensor<1x6xf32> into tensor<6xf32>
// CHECK:      %[[ACT:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[FLAT]] : tensor<6xf32>)
// CHECK:        math.erf
// CHECK:      return %[[ACT]]
func.func @linear_rank1_gelu_erf(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> activation <gelu_erf> : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

