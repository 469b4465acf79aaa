
func.func @missing_seed(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{custom op 'tfm.mlm_mask' expected 'seed'}}
  %0 = tfm.mlm_mask %ids probability 0.5 : tensor<2x3xi64> -> tensor<2x3xi1>
  return
}

