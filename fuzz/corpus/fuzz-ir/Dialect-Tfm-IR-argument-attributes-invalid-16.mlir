
// ...that is a matrix.
// expected-error @+1 {{argument #0 has 'tfm.transposed', which requires a matrix, but has type 'tensor<6xf32>'}}
func.func @transposed_vector(%w: tensor<6xf32> {tfm.param = "w", tfm.transposed}) {
  return
}

