
// tfm.aliases: a non-empty array of non-empty strings...
// expected-error @+1 {{argument #0 has 'tfm.aliases' = ["bert.w", 1], expected a non-empty array of non-empty strings}}
func.func @aliases_not_strings(%w: tensor<4xf32> {tfm.param = "w", tfm.aliases = ["bert.w", 1]}) {
  return
}

