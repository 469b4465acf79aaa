
// Binding adds arguments that callers would not pass, so a function with
// params must not be called: the error is at the function, with a note at
// the call.
// expected-error @+1 {{tfm.param is only supported in functions that are not called; inline @helper first}}
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %b = tfm.param "b" : tensor<4xf32>
  %y = tfm.add %x, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-note @+1 {{called here}}
  %y = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

