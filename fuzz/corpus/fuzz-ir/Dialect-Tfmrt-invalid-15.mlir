
// expected-error@+1 {{'tfmrt.run_context' on a result: the tfmrt dialect has no result attributes}}
func.func private @run_context_result() -> (!llvm.ptr {tfmrt.run_context})

