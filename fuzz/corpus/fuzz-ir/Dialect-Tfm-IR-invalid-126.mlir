
func.func @masked_softmax_mask_integer(%s: tensor<2x4x4xf32>, %m: tensor<4x4xi64>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 1-bit signless integer or 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4x4xi64>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<2x4x4xf32>, tensor<4x4xi64>) -> tensor<2x4x4xf32>
  return
}

