
// Only a matrix has a transpose to bind.
func.func @param_transposed_rank3() {
  // expected-error @+1 {{'tfm.param' op transposed parameter 'w' must have rank 2, but has type 'tensor<2x3x4xf32>'}}
  %0 = tfm.param "w" transposed : tensor<2x3x4xf32>
  return
}

