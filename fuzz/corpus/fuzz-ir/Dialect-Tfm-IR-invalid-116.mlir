
func.func @mlm_mask_probability_negative(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{probability must be in [0, 1], but is -1.000000e-01}}
  %0 = tfm.mlm_mask %ids seed 1 probability -0.1 : tensor<2x3xi64> -> tensor<2x3xi1>
  return
}

