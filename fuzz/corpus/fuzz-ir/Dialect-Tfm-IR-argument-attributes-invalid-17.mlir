
// tfm.prepack: a non-negative i64...
// expected-error @+1 {{argument #0 has 'tfm.prepack' = -1 : i64, expected a non-negative i64 (tfmrt_linear flags)}}
func.func @prepack_negative(%w: tensor<2x3xf32> {tfm.param = "w", tfm.prepack = -1 : i64}) {
  return
}

