
// Cross-attention (T = 3 queries, S = 5 keys) with an additive padding mask.
// CHECK-LABEL: func.func @attention_additive_mask
// CHECK-SAME: (%[[Q:.*]]: tensor<2x3x8xf32>, %[[KV:.*]]: tensor<2x5x8xf32>, %[[M:.*]]: tensor<2x1x1x5xf32>)
// CHECK: tfm.attention %[[Q]], %[[KV]], %[[KV]] mask %[[M]] heads 4 scale 5.000000e-01 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x1x1x5xf32>) -> tensor<2x3x8xf32>
func.func @attention_additive_mask(%q: tensor<2x3x8xf32>, %kv: tensor<2x5x8xf32>, %mask: tensor<2x1x1x5xf32>) -> tensor<2x3x8xf32> {
  %0 = tfm.attention %q, %kv, %kv mask %mask heads 4 scale 5.000000e-01 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x1x1x5xf32>) -> tensor<2x3x8xf32>
  return %0 : tensor<2x3x8xf32>
}

