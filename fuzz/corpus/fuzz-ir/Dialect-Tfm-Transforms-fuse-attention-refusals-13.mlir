
func.func @values_not_split(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %vh: tensor<1x2x4x4xf32>) -> tensor<1x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: values are not a tfm.split_heads}}
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

