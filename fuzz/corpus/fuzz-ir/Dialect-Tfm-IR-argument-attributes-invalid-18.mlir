
// expected-error @+1 {{argument #0 has 'tfm.prepack' = 50 : i32, expected a non-negative i64 (tfmrt_linear flags)}}
func.func @prepack_i32(%w: tensor<2x3xf32> {tfm.param = "w", tfm.prepack = 50 : i32}) {
  return
}

