
// Every such function is reported, including one called from a nested region
// and one referenced other than by a call.
// expected-error @+1 {{inline @nested first}}
func.func @nested() -> tensor<4xf32> {
  %w = tfm.param "w" : tensor<4xf32>
  return %w : tensor<4xf32>
}
// expected-error @+1 {{inline @by_reference first}}
func.func @by_reference() -> tensor<4xf32> {
  %w = tfm.param "w" : tensor<4xf32>
  return %w : tensor<4xf32>
}
func.func @forward(%c: i1) -> (tensor<4xf32>, () -> tensor<4xf32>) {
  %r = scf.if %c -> tensor<4xf32> {
    // expected-note @+1 {{called here}}
    %y = func.call @nested() : () -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  } else {
    %z = tfm.param "z" : tensor<4xf32>
    scf.yield %z : tensor<4xf32>
  }
  // expected-note @+1 {{referenced here}}
  %f = func.constant @by_reference : () -> tensor<4xf32>
  return %r, %f : tensor<4xf32>, () -> tensor<4xf32>
}

