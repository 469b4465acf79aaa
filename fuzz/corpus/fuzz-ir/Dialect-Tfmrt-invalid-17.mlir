
func.func @on_operation() {
  // expected-error@+1 {{'tfmrt.run_context' marks a function argument, not an operation}}
  %c = arith.constant {tfmrt.run_context} 0 : i64
  return
}

