
// ...that is a matrix.
// expected-error @+1 {{argument #0 has 'tfm.prepack', which requires a matrix, but has type 'tensor<2x3x4xf32>'}}
func.func @prepack_not_matrix(%w: tensor<2x3x4xf32> {tfm.param = "w", tfm.prepack = 50 : i64}) {
  return
}

