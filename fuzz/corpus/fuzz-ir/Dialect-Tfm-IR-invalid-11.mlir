
func.func @embedding_result_shape(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>) {
  // expected-error @+1 {{result type 'tensor<2x3x10xf32>' does not match the expected shape 'tensor<2x3x4xf32>'}}
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<2x3xi64> -> tensor<2x3x10xf32>
  return
}

