
// A kernel in a region of the function receives the function's run context.

// CHECK-LABEL: func.func @nested
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: memref<3x8xf32>)
// CHECK:       scf.for
// CHECK:         call @tfmrt_softmax(%[[CTX]], %{{.*}}, %{{.*}})
func.func @nested(%context: !llvm.ptr {tfmrt.run_context}, %x: memref<3x8xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c2 step %c1 {
    tfmrt.softmax %x into %x : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  }
  return
}

