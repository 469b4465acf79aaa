
func.func @mlm_mask_result_shape(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{result type 'tensor<3x2xi1>' does not match the expected shape 'tensor<2x3xi1>'}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 : tensor<2x3xi64> -> tensor<3x2xi1>
  return
}

