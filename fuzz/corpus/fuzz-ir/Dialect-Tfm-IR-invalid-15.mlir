
func.func @position_ids_float(%ids: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = tfm.position_ids %ids : tensor<2x3xf32>
  return
}

