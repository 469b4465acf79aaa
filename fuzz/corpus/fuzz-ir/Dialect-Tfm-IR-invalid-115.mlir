
func.func @mlm_mask_probability_above_one(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{probability must be in [0, 1], but is 1.500000e+00}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.5 : tensor<2x3xi64> -> tensor<2x3xi1>
  return
}

