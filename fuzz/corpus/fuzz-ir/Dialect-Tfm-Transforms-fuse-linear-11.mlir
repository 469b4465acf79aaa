
// Negative: a GELU after a linear that already has an activation or a
// residual stays a separate op.
// CHECK-LABEL: func.func @gelu_after_epilogue
// CHECK: %[[A:.*]] = tfm.linear %{{.*}} activation <tanh>
// CHECK-NEXT: tfm.gelu %[[A]]
// CHECK: %[[R:.*]] = tfm.linear %{{.*}} residual
// CHECK-NEXT: tfm.gelu %[[R]]
func.func @gelu_after_epilogue(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> activation <tanh> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %3 = tfm.gelu %2 approximate <erf> : tensor<2x6xf32>
  return %1, %3 : tensor<2x6xf32>, tensor<2x6xf32>
}

