
// The run context marks one !llvm.ptr argument of a function, as a unit
// attribute.

// expected-error@+1 {{'tfmrt.run_context' must be a unit attribute}}
func.func @run_context_not_unit(%context: !llvm.ptr {tfmrt.run_context = 1 : i64}) {
  return
}

