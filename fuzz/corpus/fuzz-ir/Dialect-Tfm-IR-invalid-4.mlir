
func.func @param_transposed_rank1() {
  // expected-error @+1 {{transposed parameter 'b' must have rank 2, but has type 'tensor<4xf32>'}}
  %0 = tfm.param "b" transposed : tensor<4xf32>
  return
}

