
// A call of a public function passes the caller's run context on.

// CHECK-LABEL: func.func @callee
// CHECK-SAME:    (%{{.*}}: !llvm.ptr {tfmrt.run_context}, %{{.*}}: tensor<4xf32>)
// CHECK-LABEL: func.func @caller
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: tensor<4xf32>)
// CHECK:       %[[Y:.*]] = call @callee(%[[CTX]], %[[X]]) : (!llvm.ptr, tensor<4xf32>) -> tensor<4xf32>
// CHECK:       return %[[Y]]
func.func @callee(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @caller(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = func.call @callee(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

