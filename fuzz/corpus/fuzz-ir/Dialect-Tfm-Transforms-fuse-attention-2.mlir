
// ViT: softmax of scaled scores, no mask.
// CHECK-LABEL: func.func @scaled_no_mask
// CHECK-SAME: (%[[Q:.*]]: tensor<?x5x8xf32>, %[[K:.*]]: tensor<?x5x8xf32>, %[[V:.*]]: tensor<?x5x8xf32>)
// CHECK-NEXT: %[[O:.*]] = tfm.attention %[[Q]], %[[K]], %[[V]] heads 2 scale 5.000000e-01 : (tensor<?x5x8xf32>, tensor<?x5x8xf32>, tensor<?x5x8xf32>) -> tensor<?x5x8xf32>
// CHECK-NEXT: return %[[O]]
func.func @scaled_no_mask(%q: tensor<?x5x8xf32>, %k: tensor<?x5x8xf32>, %v: tensor<?x5x8xf32>) -> tensor<?x5x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<?x5x8xf32> -> tensor<?x2x5x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<?x5x8xf32> -> tensor<?x2x5x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<?x5x8xf32> -> tensor<?x2x5x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<?x2x5x4xf32>, tensor<?x2x5x4xf32>) -> tensor<?x2x5x5xf32>
  %t = tfm.scale %s by 0.5 : tensor<?x2x5x5xf32>
  %p = tfm.softmax %t : tensor<?x2x5x5xf32>
  %c = tfm.matmul %p, %vh : (tensor<?x2x5x5xf32>, tensor<?x2x5x4xf32>) -> tensor<?x2x5x4xf32>
  %o = tfm.merge_heads %c : tensor<?x2x5x4xf32> -> tensor<?x5x8xf32>
  return %o : tensor<?x5x8xf32>
}

