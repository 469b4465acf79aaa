
// BERT after tfm-fuse-masked-softmax: an additive [B, 1, 1, S] padding mask.
// CHECK-LABEL: func.func @padding
// CHECK-SAME: (%[[Q:.*]]: tensor<2x3x8xf32>, %[[K:.*]]: tensor<2x5x8xf32>, %[[V:.*]]: tensor<2x5x8xf32>, %[[M:.*]]: tensor<2x1x1x5xf32>)
// CHECK-NEXT: %[[O:.*]] = tfm.attention %[[Q]], %[[K]], %[[V]] mask %[[M]] heads 4 scale 0.70710678118654757 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x1x1x5xf32>) -> tensor<2x3x8xf32>
// CHECK-NEXT: return %[[O]]
func.func @padding(%q: tensor<2x3x8xf32>, %k: tensor<2x5x8xf32>, %v: tensor<2x5x8xf32>, %mask: tensor<2x1x1x5xf32>) -> tensor<2x3x8xf32> {
  %qh = tfm.split_heads %q heads 4 : tensor<2x3x8xf32> -> tensor<2x4x3x2xf32>
  %kh = tfm.split_heads %k heads 4 : tensor<2x5x8xf32> -> tensor<2x4x5x2xf32>
  %vh = tfm.split_heads %v heads 4 : tensor<2x5x8xf32> -> tensor<2x4x5x2xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<2x4x3x2xf32>, tensor<2x4x5x2xf32>) -> tensor<2x4x3x5xf32>
  %p = tfm.masked_softmax %s, %mask scale 0.70710678118654757 : (tensor<2x4x3x5xf32>, tensor<2x1x1x5xf32>) -> tensor<2x4x3x5xf32>
  %c = tfm.matmul %p, %vh : (tensor<2x4x3x5xf32>, tensor<2x4x5x2xf32>) -> tensor<2x4x3x2xf32>
  %o = tfm.merge_heads %c : tensor<2x4x3x2xf32> -> tensor<2x3x8xf32>
  return %o : tensor<2x3x8xf32>
}

