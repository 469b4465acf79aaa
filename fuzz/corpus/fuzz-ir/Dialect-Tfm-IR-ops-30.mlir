
// A [T, T] causal keep-mask and a rank-0 -inf both broadcast to the scores.
// CHECK-LABEL: func.func @select_neg_inf
// CHECK-SAME: (%[[KEEP:.*]]: tensor<?x?xi1>, %[[S:.*]]: tensor<?x2x?x?xf32>)
// CHECK: %[[NEG_INF:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
// CHECK: tfm.select %[[KEEP]], %[[S]], %[[NEG_INF]] : (tensor<?x?xi1>, tensor<?x2x?x?xf32>, tensor<f32>) -> tensor<?x2x?x?xf32>
func.func @select_neg_inf(%keep: tensor<?x?xi1>, %scores: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %neg_inf = arith.constant dense<0xFF800000> : tensor<f32>
  %0 = tfm.select %keep, %scores, %neg_inf : (tensor<?x?xi1>, tensor<?x2x?x?xf32>, tensor<f32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

