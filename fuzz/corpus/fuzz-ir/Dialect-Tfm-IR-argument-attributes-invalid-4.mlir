
// expected-error @+1 {{argument #0 has 'tfm.param' = ["w"], expected a non-empty string}}
func.func @param_not_string(%w: tensor<4xf32> {tfm.param = ["w"]}) {
  return
}

