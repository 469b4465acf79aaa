
func.func @position_ids_rank(%ids: tensor<2x3x4xi64>) {
  // expected-error @+1 {{input must have rank 2, but has type 'tensor<2x3x4xi64>'}}
  %0 = tfm.position_ids %ids : tensor<2x3x4xi64>
  return
}

