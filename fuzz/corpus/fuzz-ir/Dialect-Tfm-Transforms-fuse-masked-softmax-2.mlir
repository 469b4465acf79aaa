
// Boolean keep-mask selecting -inf (GPT-2's causal mask): fuses.
// CHECK-LABEL: func.func @select_neg_inf
// CHECK-SAME: (%[[S:.*]]: tensor<1x2x?x?xf32>, %[[T:.*]]: index)
// CHECK: %[[K:.*]] = tfm.causal_mask %[[T]]
// CHECK-NOT: tfm.select
// CHECK: %[[P:.*]] = tfm.masked_softmax %[[S]], %[[K]] scale 2.500000e-01 : (tensor<1x2x?x?xf32>, tensor<?x?xi1>) -> tensor<1x2x?x?xf32>
// CHECK-NEXT: return %[[P]]
func.func @select_neg_inf(%scores: tensor<1x2x?x?xf32>, %t: index) -> tensor<1x2x?x?xf32> {
  %keep = tfm.causal_mask %t : tensor<?x?xi1>
  %ninf = arith.constant dense<0xFF800000> : tensor<f32>
  %s = tfm.scale %scores by 0.25 : tensor<1x2x?x?xf32>
  %m = tfm.select %keep, %s, %ninf : (tensor<?x?xi1>, tensor<1x2x?x?xf32>, tensor<f32>) -> tensor<1x2x?x?xf32>
  %p = tfm.softmax %m : tensor<1x2x?x?xf32>
  return %p : tensor<1x2x?x?xf32>
}

