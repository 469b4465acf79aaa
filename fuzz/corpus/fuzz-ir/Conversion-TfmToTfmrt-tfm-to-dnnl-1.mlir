
// CHECK-LABEL: func.func @linear_plain
// CHECK-SAME:    (%[[X:.*]]: tensor<3x8xf32>, %[[W:.*]]: tensor<8x4xf32>)
// CHECK:       %[[INIT:.*]] = tensor.empty() : tensor<3x4xf32>
// CHECK:       tfmrt.linear %[[X]], %[[W]] into %[[INIT]] flags 0 :
func.func @linear_plain(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>) -> tensor<3x4xf32> {
  %y = tfm.linear %x, %w layout <in_out> : (tensor<3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

