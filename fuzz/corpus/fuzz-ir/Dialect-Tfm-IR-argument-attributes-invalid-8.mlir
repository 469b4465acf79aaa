
// expected-error @+1 {{argument #0 has 'tfm.aliases' = "bert.w", expected a non-empty array of non-empty strings}}
func.func @aliases_not_array(%w: tensor<4xf32> {tfm.param = "w", tfm.aliases = "bert.w"}) {
  return
}

