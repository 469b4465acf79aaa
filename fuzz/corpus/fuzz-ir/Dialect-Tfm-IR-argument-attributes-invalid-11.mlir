
// ...on a weight.
// expected-error @+1 {{argument #0 has 'tfm.aliases' but no 'tfm.param'; only a weight's argument may carry it}}
func.func @aliases_without_param(%x: tensor<4xf32> {tfm.aliases = ["bert.x"]}) {
  return
}

