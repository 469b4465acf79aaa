
func.func @embedding_float_ids(%table: tensor<10x4xf32>, %ids: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<2x3xf32> -> tensor<2x3x4xf32>
  return
}

