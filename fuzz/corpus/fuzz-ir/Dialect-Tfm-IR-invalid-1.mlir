
func.func @param_dynamic_shape() {
  // expected-error @+1 {{parameter 'h.0.ln_1.weight' must have a static shape, but has type 'tensor<?xf32>'}}
  %0 = tfm.param "h.0.ln_1.weight" : tensor<?xf32>
  return
}

