// RUN: tfm-opt %s --split-input-file --tfm-fuse-masked-softmax | FileCheck %s

// Additive mask after scaling (BERT's padding mask): fuses.
// CHECK-LABEL: func.func @additive_scaled
// CHECK-SAME: (%[[S:.*]]: tensor<2x3x4x4xf32>, %[[M:.*]]: tensor<2x1x1x4xf32>)
// CHECK-NEXT: %[[P:.*]] = tfm.masked_softmax %[[S]], %[[M]] scale 1.250000e-01 : (tensor<2x3x4x4xf32>, tensor<2x1x1x4xf32>) -> tensor<2x3x4x4xf32>
// CHECK-NEXT: return %[[P]]
func.func @additive_scaled(%scores: tensor<2x3x4x4xf32>, %mask: tensor<2x1x1x4xf32>) -> tensor<2x3x4x4xf32> {
  %s = tfm.scale %scores by 0.125 : tensor<2x3x4x4xf32>
  %m = tfm.add %s, %mask : (tensor<2x3x4x4xf32>, tensor<2x1x1x4xf32>) -> tensor<2x3x4x4xf32>
  %p = tfm.softmax %m : tensor<2x3x4x4xf32>
  return %p : tensor<2x3x4x4xf32>
}

// -----

// Mask on the left of the add, no scaling: fuses with scale 1.
// CHECK-LABEL: func.func @additive_mask_first_unscaled
// CHECK-SAME: (%[[S:.*]]: tensor<?x4x?xf32>, %[[M:.*]]: tensor<?x1x?xf32>)
// CHECK-NEXT: %[[P:.*]] = tfm.masked_softmax %[[S]], %[[M]] scale 1.000000e+00
// CHECK-NEXT: return %[[P]]
func.func @additive_mask_first_unscaled(%scores: tensor<?x4x?xf32>, %mask: tensor<?x1x?xf32>) -> tensor<?x4x?xf32> {
  %m = tfm.add %mask, %scores : (tensor<?x1x?xf32>, tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %p = tfm.softmax %m : tensor<?x4x?xf32>
  return %p : tensor<?x4x?xf32>
}

// -----

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

// -----

// The lowest finite value is as good as -inf (Hugging Face's GPT-2 uses it).
// CHECK-LABEL: func.func @select_lowest
// CHECK-SAME: (%[[S:.*]]: tensor<4x4xf32>, %[[K:.*]]: tensor<4x4xi1>)
// CHECK-NEXT: %[[P:.*]] = tfm.masked_softmax %[[S]], %[[K]] scale 1.000000e+00
// CHECK-NEXT: return %[[P]]
func.func @select_lowest(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %lowest = arith.constant dense<-3.40282347E+38> : tensor<f32>
  %m = tfm.select %keep, %scores, %lowest : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

// -----

// Negative: the mask zeroes probabilities *after* the softmax. That is not a
// masked softmax (rows no longer sum to 1), so nothing changes.
// CHECK-LABEL: func.func @mask_after_softmax
// CHECK: %[[P:.*]] = tfm.softmax
// CHECK: tfm.select %{{.*}}, %[[P]], %{{.*}}
// CHECK-NOT: tfm.masked_softmax
func.func @mask_after_softmax(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  %p = tfm.softmax %scores : tensor<4x4xf32>
  %m = tfm.select %keep, %p, %zero : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

// -----

// Negative: an additive mask after the softmax.
// CHECK-LABEL: func.func @additive_after_softmax
// CHECK: %[[P:.*]] = tfm.softmax
// CHECK: tfm.add %[[P]]
// CHECK-NOT: tfm.masked_softmax
func.func @additive_after_softmax(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> tensor<4x4xf32> {
  %p = tfm.softmax %scores : tensor<4x4xf32>
  %m = tfm.add %p, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

// -----

// Negative: the mask broadcasts the scores to a larger shape; the fused op
// would have the scores' shape, so it cannot replace the softmax.
// CHECK-LABEL: func.func @mask_broadcasts_scores
// CHECK: tfm.add
// CHECK: tfm.softmax
// CHECK-NOT: tfm.masked_softmax
func.func @mask_broadcasts_scores(%scores: tensor<4x4xf32>, %mask: tensor<2x1x4xf32>) -> tensor<2x4x4xf32> {
  %m = tfm.add %scores, %mask : (tensor<4x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
  %p = tfm.softmax %m : tensor<2x4x4xf32>
  return %p : tensor<2x4x4xf32>
}

// -----

// Negative: the select fills with 0, not -inf: masked positions would keep
// weight exp(0).
// CHECK-LABEL: func.func @select_zero_fill
// CHECK: tfm.select
// CHECK: tfm.softmax
// CHECK-NOT: tfm.masked_softmax
func.func @select_zero_fill(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  %m = tfm.select %keep, %scores, %zero : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

// -----

// Negative: an inverted select (-inf where the mask is true).
// CHECK-LABEL: func.func @select_inverted
// CHECK: tfm.select
// CHECK: tfm.softmax
// CHECK-NOT: tfm.masked_softmax
func.func @select_inverted(%scores: tensor<4x4xf32>, %drop: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %ninf = arith.constant dense<0xFF800000> : tensor<f32>
  %m = tfm.select %drop, %ninf, %scores : (tensor<4x4xi1>, tensor<f32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

// -----

// Negative: the masked scores are also returned, so fusing would compute them twice.
// CHECK-LABEL: func.func @masked_scores_other_user
// CHECK: %[[M:.*]] = tfm.add
// CHECK: tfm.softmax %[[M]]
// CHECK-NOT: tfm.masked_softmax
func.func @masked_scores_other_user(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %m = tfm.add %scores, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p, %m : tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

// Negative: the scaled scores have another user.
// CHECK-LABEL: func.func @scaled_scores_other_user
// CHECK: %[[S:.*]] = tfm.scale
// CHECK: tfm.add %[[S]]
// CHECK: tfm.softmax
// CHECK-NOT: tfm.masked_softmax
func.func @scaled_scores_other_user(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %s = tfm.scale %scores by 0.5 : tensor<4x4xf32>
  %m = tfm.add %s, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p, %s : tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

// Negative: a plain softmax has no mask to fuse.
// CHECK-LABEL: func.func @plain_softmax
// CHECK-NEXT: tfm.softmax
func.func @plain_softmax(%scores: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %p = tfm.softmax %scores : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}
