
// A private function has no run context to pass to a public one it calls.

func.func @public(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @private_caller(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{tfmrt-add-run-context: @public now takes the run context, but its caller has none to pass; only public functions receive one}}
  %y = func.call @public(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

