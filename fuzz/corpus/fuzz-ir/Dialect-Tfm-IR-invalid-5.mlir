
// Aliases are a non-empty list of other non-empty names.
func.func @param_aliases_empty() {
  // expected-error @+1 {{'tfm.param' op parameter 'w' has an empty list of aliases}}
  %0 = tfm.param "w" : tensor<4xf32> aliases []
  return
}

