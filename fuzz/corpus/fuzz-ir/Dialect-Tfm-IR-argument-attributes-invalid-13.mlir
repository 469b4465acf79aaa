
// expected-error @+1 {{argument #0 has 'tfm.default' and 'tfm.param'; only an input's argument may carry it}}
func.func @default_on_weight(%w: tensor<4xf32> {tfm.param = "w", tfm.default = "ones"}) {
  return
}

