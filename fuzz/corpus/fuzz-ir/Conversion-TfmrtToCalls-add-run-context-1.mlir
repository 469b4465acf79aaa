
// A function that has its run context keeps it, and gets no second one.

// CHECK-LABEL: func.func @already
// CHECK-SAME:    (%{{.*}}: !llvm.ptr {tfmrt.run_context}, %{{.*}}: tensor<4xf32>)
func.func @already(%context: !llvm.ptr {tfmrt.run_context}, %x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

