
// Negative: the attention probabilities are also returned (as models do
// with output_attentions), so the chain must stay.
// CHECK-LABEL: func.func @probabilities_returned
// CHECK-NOT: tfm.attention
// CHECK: %[[P:.*]] = tfm.masked_softmax
// CHECK: tfm.merge_heads
// CHECK: return %{{.*}}, %[[P]]
func.func @probabilities_returned(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %keep: tensor<4x4xi1>) -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>) {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.masked_softmax %s, %keep scale 0.5 : (tensor<1x2x4x4xf32>, tensor<4x4xi1>) -> tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o, %p : tensor<1x4x8xf32>, tensor<1x2x4x4xf32>
}

