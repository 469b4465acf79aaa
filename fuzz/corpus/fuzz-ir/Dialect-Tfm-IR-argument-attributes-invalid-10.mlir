
// expected-error @+1 {{argument #0 has 'tfm.aliases' = [""], expected a non-empty array of non-empty strings}}
func.func @aliases_empty_name(%w: tensor<4xf32> {tfm.param = "w", tfm.aliases = [""]}) {
  return
}

