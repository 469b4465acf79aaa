
// A function without params still has its arguments marked read-only.
// CHECK-LABEL: func.func @no_params
// CHECK-SAME: (%{{[^:]*}}: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32>
func.func @no_params(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

