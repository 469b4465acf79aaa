
// A called function without params is fine; its caller's params are bound.
// CHECK-LABEL: func.func @helper
// CHECK-SAME: (%{{[^:]*}}: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32>
// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf32> {bufferization.writable = false},
// CHECK-SAME: %[[W:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "w"})
// CHECK:      %[[Y:.*]] = call @helper(%[[X]])
// CHECK:      tfm.add %[[Y]], %[[W]]
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = tfm.param "w" : tensor<4xf32>
  %y = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %z = tfm.add %y, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %z : tensor<4xf32>
}

