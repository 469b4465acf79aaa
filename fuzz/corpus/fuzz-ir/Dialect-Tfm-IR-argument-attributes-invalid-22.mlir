
// No other tfm attribute is an argument attribute.
// expected-error @+1 {{argument #0 has unknown attribute 'tfm.weight'}}
func.func @unknown(%w: tensor<4xf32> {tfm.weight = "w"}) {
  return
}

