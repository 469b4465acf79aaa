
func.func @param_alias_own_name() {
  // expected-error @+1 {{'tfm.param' op parameter 'w' lists its own name as an alias}}
  %0 = tfm.param "w" : tensor<4xf32> aliases ["bert.w", "w"]
  return
}

