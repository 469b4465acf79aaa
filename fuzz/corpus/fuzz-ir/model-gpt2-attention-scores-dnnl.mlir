// One GPT-2 attention head group's scores, as the importer writes them: the
// causal keep-mask selects -inf before the softmax. tfm-fuse-masked-softmax
// turns the scale/select/softmax chain into one tfm.masked_softmax.
func.func @attention_probs(%q: tensor<?x?x768xf32>, %k: tensor<?x?x768xf32>) -> tensor<?x12x?x?xf32> {
  %c1 = arith.constant 1 : index
  %t = tensor.dim %q, %c1 : tensor<?x?x768xf32>
  %qh = tfm.split_heads %q heads 12 : tensor<?x?x768xf32> -> tensor<?x12x?x64xf32>
  %kh = tfm.split_heads %k heads 12 : tensor<?x?x768xf32> -> tensor<?x12x?x64xf32>
  %scores = tfm.matmul %qh, %kh transpose_rhs : (tensor<?x12x?x64xf32>, tensor<?x12x?x64xf32>) -> tensor<?x12x?x?xf32>
  %scaled = tfm.scale %scores by 0.125 : tensor<?x12x?x?xf32>
  %keep = tfm.causal_mask %t : tensor<?x?xi1>
  %neg_inf = arith.constant dense<0xFF800000> : tensor<f32>
  %masked = tfm.select %keep, %scaled, %neg_inf : (tensor<?x?xi1>, tensor<?x12x?x?xf32>, tensor<f32>) -> tensor<?x12x?x?xf32>
  %probs = tfm.softmax %masked : tensor<?x12x?x?xf32>
  return %probs : tensor<?x12x?x?xf32>
}

