
// ...on a weight...
// expected-error @+1 {{argument #1 has 'tfm.prepack' but no 'tfm.param'; only a weight's argument may carry it}}
func.func @prepack_without_param(%x: tensor<?x3xf32>, %w: tensor<2x3xf32> {tfm.prepack = 50 : i64}) {
  return
}

