
func.func @mlm_mask_rank(%ids: tensor<6xi64>) {
  // expected-error @+1 {{ids must have rank 2, but has type 'tensor<6xi64>'}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 : tensor<6xi64> -> tensor<6xi1>
  return
}

