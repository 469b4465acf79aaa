
// The run context argument: an !llvm.ptr marked tfmrt.run_context, on a
// definition or a declaration.

// CHECK-LABEL: func.func private @declared
// CHECK-SAME:    (!llvm.ptr {tfmrt.run_context}, memref<4xf32>)
// CHECK-LABEL: func.func @defined
// CHECK-SAME:    (%{{.*}}: memref<4xf32>, %{{.*}}: !llvm.ptr {tfmrt.run_context})
func.func private @declared(!llvm.ptr {tfmrt.run_context}, memref<4xf32>)
func.func @defined(%x: memref<4xf32>, %context: !llvm.ptr {tfmrt.run_context}) {
  return
}

