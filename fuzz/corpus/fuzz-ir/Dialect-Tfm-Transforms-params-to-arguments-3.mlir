
// External functions are untouched; every function with a body is bound
// independently (each gets its own arguments for the same name).
// CHECK-LABEL: func.func private @external(tensor<4xf32>) -> tensor<4xf32>
// CHECK-NOT:  bufferization.writable
// CHECK-LABEL: func.func @first
// CHECK-SAME: (%{{[^:]*}}: tensor<4xf32> {bufferization.writable = false, tfm.param = "shared"})
// CHECK-LABEL: func.func @second
// CHECK-SAME: (%{{[^:]*}}: tensor<2xf32> {bufferization.writable = false},
// CHECK-SAME: %{{[^:]*}}: tensor<4xf32> {bufferization.writable = false, tfm.param = "shared"})
func.func private @external(tensor<4xf32>) -> tensor<4xf32>
func.func @first() -> tensor<4xf32> {
  %p = tfm.param "shared" : tensor<4xf32>
  return %p : tensor<4xf32>
}
func.func @second(%x: tensor<2xf32>) -> tensor<4xf32> {
  %p = tfm.param "shared" : tensor<4xf32>
  return %p : tensor<4xf32>
}

