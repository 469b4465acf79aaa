
// A weight argument may leave the number of output features dynamic too; it
// is then read from the weight at run time (the result type may leave it
// dynamic as well, which would give an invalid tensor.empty).
// CHECK-LABEL: func.func @linear_weight_dynamic
// CHECK-SAME: (%{{[^:]*}}: tensor<2x4xf32>, %[[W:[^:]*]]: tensor<4x?xf32>)
// CHECK:      %[[N:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<4x?xf32>
// CHECK:      tensor.empty(%[[N]]) : tensor<2x?xf32>
// CHECK-NOT:  tensor.cast
// CHECK:      return %{{.*}} : tensor<2x?xf32>
func.func @linear_weight_dynamic(%x: tensor<2x4xf32>, %w: tensor<4x?xf32>) -> tensor<2x?xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

