
func.func @embedding_table_rank(%table: tensor<10xf32>, %ids: tensor<2x3xi64>) {
  // expected-error @+1 {{table must have rank 2, but has type 'tensor<10xf32>'}}
  %0 = tfm.embedding %table[%ids] : tensor<10xf32>, tensor<2x3xi64> -> tensor<2x3xf32>
  return
}

