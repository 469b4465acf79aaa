
// tfm.param: a non-empty string...
// expected-error @+1 {{argument #0 has 'tfm.param' = "", expected a non-empty string}}
func.func @param_empty(%w: tensor<4xf32> {tfm.param = ""}) {
  return
}

