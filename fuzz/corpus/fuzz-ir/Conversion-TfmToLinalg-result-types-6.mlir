
// With an activation the result is declared with a static batch and dynamic
// features; the value has both static.
// CHECK-LABEL: func.func @linear_activation_mixed
// CHECK:      math.tanh
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<{{.*}}x6xf32> to tensor<2x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x?xf32>
func.func @linear_activation_mixed(%x: tensor<?x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x?xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <tanh> : (tensor<?x4xf32>, tensor<4x6xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

