
// CHECK-LABEL: func.func @linear_gelu_tanh
// CHECK: tfm.linear %{{.*}}, %{{.*}} layout <in_out> activation <gelu_tanh> :
func.func @linear_gelu_tanh(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <gelu_tanh> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

