
func.func @key_value_shapes(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x16xf32>) -> tensor<1x4x16xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x16xf32> -> tensor<1x2x4x8xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  // expected-remark @+1 {{not fused: key 'tensor<1x4x8xf32>' and value 'tensor<1x4x16xf32>' differ in shape; tfm.attention needs them equal}}
  %o = tfm.merge_heads %c : tensor<1x2x4x8xf32> -> tensor<1x4x16xf32>
  return %o : tensor<1x4x16xf32>
}

