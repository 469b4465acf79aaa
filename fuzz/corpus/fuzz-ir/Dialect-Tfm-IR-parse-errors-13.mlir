
func.func @param_unquoted_name() {
  // expected-error @+1 {{expected attribute value}}
  %0 = tfm.param wte : tensor<2x4xf32>
  return
}

