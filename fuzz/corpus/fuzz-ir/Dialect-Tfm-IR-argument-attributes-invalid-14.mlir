
// tfm.transposed: a unit attribute...
// expected-error @+1 {{argument #0 has 'tfm.transposed' = true, expected a unit attribute}}
func.func @transposed_bool(%w: tensor<2x3xf32> {tfm.param = "w", tfm.transposed = true}) {
  return
}

