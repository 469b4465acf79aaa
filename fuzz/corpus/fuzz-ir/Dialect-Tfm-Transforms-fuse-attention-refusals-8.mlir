
// The scores' types are less static than the query's, so the mask
// broadcasts to them but not to the attention's [2, 2, 4, 4].
func.func @mask_shape(%q: tensor<2x4x8xf32>, %k: tensor<2x4x8xf32>, %v: tensor<2x4x8xf32>, %mask: tensor<3x1x1x4xf32>) -> tensor<2x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<2x4x8xf32> -> tensor<?x2x?x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<2x4x8xf32> -> tensor<?x2x?x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<2x4x8xf32> -> tensor<?x2x?x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  // expected-remark @+1 {{not fused: mask 'tensor<3x1x1x4xf32>' does not broadcast to the attention shape 'tensor<2x2x4x4xf32>'}}
  %p = tfm.masked_softmax %s, %mask scale 0.5 : (tensor<?x2x?x?xf32>, tensor<3x1x1x4xf32>) -> tensor<?x2x?x?xf32>
  %c = tfm.matmul %p, %vh : (tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x4xf32>
  %o = tfm.merge_heads %c : tensor<?x2x?x4xf32> -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

