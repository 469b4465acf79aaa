
// expected-error@+1 {{arguments #0 and #1 are both marked 'tfmrt.run_context'; a function has one run context}}
func.func @two_run_contexts(%a: !llvm.ptr {tfmrt.run_context}, %b: !llvm.ptr {tfmrt.run_context}) {
  return
}

