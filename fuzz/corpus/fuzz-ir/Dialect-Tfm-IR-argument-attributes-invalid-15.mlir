
// ...on a weight...
// expected-error @+1 {{argument #0 has 'tfm.transposed' but no 'tfm.param'; only a weight's argument may carry it}}
func.func @transposed_without_param(%x: tensor<2x3xf32> {tfm.transposed}) {
  return
}

