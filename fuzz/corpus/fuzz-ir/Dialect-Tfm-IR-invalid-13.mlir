
func.func @embedding_integer_table(%table: tensor<10x4xi32>, %ids: tensor<2x3xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<10x4xi32>'}}
  %0 = tfm.embedding %table[%ids] : tensor<10x4xi32>, tensor<2x3xi64> -> tensor<2x3x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.position_ids
//===----------------------------------------------------------------------===//

