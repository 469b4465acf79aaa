
// Negative: GPT-2's tied embedding. wte is the embedding table and the LM
// head's weight; binding it transposed too would hold a second copy of the
// table, so the param and the linear stay as they are.
// CHECK-LABEL: func.func @tied_embedding
// CHECK:      %[[WTE:.*]] = tfm.param "wte.weight" : tensor<10x4xf32>
// CHECK-NOT:  transposed
// CHECK:      tfm.embedding %[[WTE]]
// CHECK:      tfm.linear %{{.*}}, %[[WTE]] layout <out_in>
func.func @tied_embedding(%ids: tensor<?x?xi64>) -> tensor<?x?x10xf32> {
  %wte = tfm.param "wte.weight" : tensor<10x4xf32>
  %h = tfm.embedding %wte[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %logits = tfm.linear %h, %wte layout <out_in> : (tensor<?x?x4xf32>, tensor<10x4xf32>) -> tensor<?x?x10xf32>
  return %logits : tensor<?x?x10xf32>
}

