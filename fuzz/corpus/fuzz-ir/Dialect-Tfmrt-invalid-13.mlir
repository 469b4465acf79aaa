
// expected-error@+1 {{'tfmrt.run_context' marks argument #1 of type 'i64'; the run context is an !llvm.ptr}}
func.func @run_context_not_pointer(%x: memref<4xf32>, %context: i64 {tfmrt.run_context}) {
  return
}

