
func.func @scaled_scores_other_user(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>) {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: scaled scores have users other than the softmax}}
  %t = tfm.scale %s by 0.5 : tensor<1x2x4x4xf32>
  %p = tfm.softmax %t : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o, %t : tensor<1x4x8xf32>, tensor<1x2x4x4xf32>
}

