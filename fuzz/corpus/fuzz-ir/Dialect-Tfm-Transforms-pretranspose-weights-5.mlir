
// Negative: an `in_out` linear already has the layout code generation wants.
// CHECK-LABEL: func.func @linear_in_out
// CHECK:      %[[W:.*]] = tfm.param "c_attn.weight" : tensor<4x12xf32>
// CHECK:      tfm.linear %{{.*}}, %[[W]] layout <in_out>
func.func @linear_in_out(%x: tensor<?x4xf32>) -> tensor<?x12xf32> {
  %w = tfm.param "c_attn.weight" : tensor<4x12xf32>
  %y = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x12xf32>) -> tensor<?x12xf32>
  return %y : tensor<?x12xf32>
}

