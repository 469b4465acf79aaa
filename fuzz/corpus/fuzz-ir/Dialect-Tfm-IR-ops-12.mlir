
// CHECK-LABEL: func.func @linear_in_out_bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @linear_in_out_bias(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<?x?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

