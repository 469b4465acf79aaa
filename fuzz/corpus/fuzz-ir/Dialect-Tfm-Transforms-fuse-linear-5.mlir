
// linear, + bias, GELU, + residual: the fusions compose into one linear.
// CHECK-LABEL: func.func @whole_epilogue
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[R:.*]]: tensor<?x6xf32>)
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> activation <gelu_erf> residual %[[R]] : (tensor<?x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x6xf32>) -> tensor<?x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @whole_epilogue(%x: tensor<?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<?x6xf32>) -> tensor<?x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>) -> tensor<?x6xf32>
  %1 = tfm.add %0, %b : (tensor<?x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  %2 = tfm.gelu %1 approximate <erf> : tensor<?x6xf32>
  %3 = tfm.add %r, %2 : (tensor<?x6xf32>, tensor<?x6xf32>) -> tensor<?x6xf32>
  return %3 : tensor<?x6xf32>
}

