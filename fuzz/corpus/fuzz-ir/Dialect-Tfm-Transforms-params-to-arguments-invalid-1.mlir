
// The element type counts too.
func.func @conflicting_element_types() -> (tensor<4xf32>, tensor<4xf16>) {
  %a = tfm.param "w" : tensor<4xf32>
  // expected-error @+1 {{parameter 'w' has type 'tensor<4xf16>', but an earlier use has type 'tensor<4xf32>'}}
  %b = tfm.param "w" : tensor<4xf16>
  return %a, %b : tensor<4xf32>, tensor<4xf16>
}

