
func.func @attention_mask_integer(%q: tensor<2x3x8xf32>, %m: tensor<2x3xi64>) {
  // expected-error @+1 {{operand #3 must be ranked tensor of 1-bit signless integer or 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2x3xi64>'}}
  %0 = tfm.attention %q, %q, %q mask %m heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3xi64>) -> tensor<2x3x8xf32>
  return
}

