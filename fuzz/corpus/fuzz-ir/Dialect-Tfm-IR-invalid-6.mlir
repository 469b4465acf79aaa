
func.func @param_alias_empty() {
  // expected-error @+1 {{'tfm.param' op parameter 'w' has an empty alias}}
  %0 = tfm.param "w" : tensor<4xf32> aliases ["bert.w", ""]
  return
}

