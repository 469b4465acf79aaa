
// The generic form says which optional operands are present with
// operandSegmentSizes (input, weight, bias, residual).
// CHECK-LABEL: func.func @linear_generic_segments
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[R:.*]]: tensor<2x6xf32>)
// CHECK: %[[Y0:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> residual %[[R]] : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
// CHECK: %[[Y1:.*]] = tfm.linear %[[X]], %[[W]] layout <in_out> activation <gelu_erf> residual %[[Y0]] : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
// CHECK: %[[Y2:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
// CHECK: return %[[Y1]], %[[Y2]]
func.func @linear_generic_segments(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = "tfm.linear"(%x, %w, %b, %r) <{layout = #tfm.layout<in_out>, operandSegmentSizes = array<i32: 1, 1, 1, 1>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %1 = "tfm.linear"(%x, %w, %0) <{activation = #tfm.activation<gelu_erf>, layout = #tfm.layout<in_out>, operandSegmentSizes = array<i32: 1, 1, 0, 1>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %2 = "tfm.linear"(%x, %w, %b) <{layout = #tfm.layout<in_out>, operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %1, %2 : tensor<2x6xf32>, tensor<2x6xf32>
}

