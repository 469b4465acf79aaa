
func.func @mlm_mask_probability_nan(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{probability must be in [0, 1], but is nan}}
  %0 = tfm.mlm_mask %ids seed 1 probability 0x7FF8000000000000 : tensor<2x3xi64> -> tensor<2x3xi1>
  return
}

