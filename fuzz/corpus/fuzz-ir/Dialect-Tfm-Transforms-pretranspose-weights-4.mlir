
// Negative: the same, with the table's two uses through two tfm.param ops
// of the same name (bound to one tensor).
// CHECK-LABEL: func.func @tied_embedding_two_param_ops
// CHECK-NOT:  transposed
// CHECK:      tfm.linear %{{.*}}, %{{.*}} layout <out_in>
func.func @tied_embedding_two_param_ops(%ids: tensor<?x?xi64>) -> tensor<?x?x10xf32> {
  %table = tfm.param "wte.weight" : tensor<10x4xf32>
  %h = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %head = tfm.param "wte.weight" : tensor<10x4xf32>
  %logits = tfm.linear %h, %head layout <out_in> : (tensor<?x?x4xf32>, tensor<10x4xf32>) -> tensor<?x?x10xf32>
  return %logits : tensor<?x?x10xf32>
}

