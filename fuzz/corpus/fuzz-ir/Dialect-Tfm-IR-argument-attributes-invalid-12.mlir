
// tfm.name and tfm.default name and fill a model input, never a weight.
// expected-error @+1 {{argument #0 has 'tfm.name' and 'tfm.param'; only an input's argument may carry it}}
func.func @name_on_weight(%w: tensor<4xf32> {tfm.param = "w", tfm.name = "x"}) {
  return
}

