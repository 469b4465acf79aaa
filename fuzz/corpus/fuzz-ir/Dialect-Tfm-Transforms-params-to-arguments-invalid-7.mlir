
// A function that calls itself is called too.
// expected-error @+1 {{inline @recursive first}}
func.func @recursive(%c: i1) -> tensor<4xf32> {
  %r = scf.if %c -> tensor<4xf32> {
    // expected-note @+1 {{called here}}
    %y = func.call @recursive(%c) : (i1) -> tensor<4xf32>
    scf.yield %y : tensor<4xf32>
  } else {
    %w = tfm.param "w" : tensor<4xf32>
    scf.yield %w : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

