
func.func @mlm_mask_result_not_i1(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x3xi64>'}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 : tensor<2x3xi64> -> tensor<2x3xi64>
  return
}

//===----------------------------------------------------------------------===//
// tfm.softmax
//===----------------------------------------------------------------------===//

