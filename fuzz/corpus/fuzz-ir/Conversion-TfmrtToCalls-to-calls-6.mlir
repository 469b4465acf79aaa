
// A declaration of the kernel with another type (as before the kernels took
// the run context) is refused with both types. (A regression test: the
// pattern built the call's operands before it refused, so the rewrite never
// converged and the pass failed without a message.)

func.func private @tfmrt_softmax(memref<*xf32>, memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @stale_declaration(%context: !llvm.ptr {tfmrt.run_context}, %x: memref<3x8xf32>) {
  // expected-error@+1 {{tfmrt-to-calls: the module declares @tfmrt_softmax as '(memref<*xf32>, memref<*xf32>) -> ()', but the kernel is '(!llvm.ptr, memref<*xf32>, memref<*xf32>) -> ()'}}
  tfmrt.softmax %x into %x : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  return
}

