
func.func @unknown_operation_attribute() {
  // expected-error@+1 {{'tfmrt.flags' is not an attribute of the tfmrt dialect}}
  %c = arith.constant {tfmrt.flags = 3 : i64} 0 : i64
  return
}

