
// A kernel needs the run context of its function: without one there is none
// to pass.

func.func @no_run_context(%x: memref<3x8xf32>, %y: memref<3x8xf32>) {
  // expected-error@+1 {{tfmrt-to-calls: tfmrt.softmax is in a function without a tfmrt.run_context argument, so its kernel would have no run context; run tfmrt-add-run-context first}}
  tfmrt.softmax %x into %y : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  return
}

