
// The default activation adds no generic after the contraction.
// CHECK-LABEL: func.func @linear_no_activation
// CHECK:      linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NOT:  linalg.generic
// CHECK-NOT:  math.
// CHECK:      return
func.func @linear_no_activation(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <none> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

