
// An argument has one list of names to try: uses of a name must agree on
// its aliases too.
func.func @conflicting_aliases() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tfm.param "w" : tensor<4xf32> aliases ["bert.w"]
  // expected-error @+1 {{'tfm.param' op parameter 'w' has aliases ["vit.w"], but an earlier use has ["bert.w"]}}
  %b = tfm.param "w" : tensor<4xf32> aliases ["vit.w"]
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

