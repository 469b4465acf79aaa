
func.func @param_integer_type() {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2xi32>'}}
  %0 = tfm.param "w" : tensor<2xi32>
  return
}

