// RUN: tfm-opt %s --split-input-file --tfm-fuse-attention | FileCheck %s

// The chains below are what TfmToLinalg decomposes tfm.attention into
// (masked_softmax with a mask, softmax(scale(scores)) without), so fusing
// them and lowering the result computes the same thing as lowering them.

// GPT-2 after tfm-fuse-masked-softmax: a boolean causal keep-mask.
// CHECK-LABEL: func.func @causal
// CHECK-SAME: (%[[Q:.*]]: tensor<?x?x8xf32>, %[[K:.*]]: tensor<?x?x8xf32>, %[[V:.*]]: tensor<?x?x8xf32>, %[[M:.*]]: tensor<?x?xi1>)
// CHECK-NEXT: %[[O:.*]] = tfm.attention %[[Q]], %[[K]], %[[V]] mask %[[M]] heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
// CHECK-NEXT: return %[[O]]
func.func @causal(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %keep: tensor<?x?xi1>) -> tensor<?x?x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  %p = tfm.masked_softmax %s, %keep scale 0.5 : (tensor<?x2x?x?xf32>, tensor<?x?xi1>) -> tensor<?x2x?x?xf32>
  %c = tfm.matmul %p, %vh : (tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x4xf32>
  %o = tfm.merge_heads %c : tensor<?x2x?x4xf32> -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// -----

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

// -----

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

// -----

// An unscaled softmax is attention with scale 1.
// CHECK-LABEL: func.func @unscaled
// CHECK-SAME: (%[[Q:.*]]: tensor<1x4x8xf32>, %[[K:.*]]: tensor<1x4x8xf32>, %[[V:.*]]: tensor<1x4x8xf32>)
// CHECK-NEXT: %[[O:.*]] = tfm.attention %[[Q]], %[[K]], %[[V]] heads 2 scale 1.000000e+00
// CHECK-NEXT: return %[[O]]
func.func @unscaled(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

// The split_heads may have other users: they stay for them, the rest of the
// chain goes. One split may serve as both queries and keys.
// CHECK-LABEL: func.func @shared_splits
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8xf32>, %[[V:.*]]: tensor<1x4x8xf32>)
// CHECK-NEXT: %[[XH:.*]] = tfm.split_heads %[[X]] heads 2
// CHECK-NEXT: %[[O:.*]] = tfm.attention %[[X]], %[[X]], %[[V]] heads 2 scale 2.500000e-01
// CHECK-NEXT: return %[[O]], %[[XH]]
func.func @shared_splits(%x: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>) {
  %xh = tfm.split_heads %x heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %xh, %xh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %t = tfm.scale %s by 0.25 : tensor<1x2x4x4xf32>
  %p = tfm.softmax %t : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o, %xh : tensor<1x4x8xf32>, tensor<1x2x4x4xf32>
}

// -----

// Negative: scores without transpose_rhs (Q·K, possible here because the
// sequence length equals the head size) and a transposed values product
// (P·Vᵀ) are not attention.
// CHECK-LABEL: func.func @wrong_transposes
// CHECK-NOT: tfm.attention
// CHECK-COUNT-2: tfm.merge_heads
func.func @wrong_transposes(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> (tensor<1x4x8xf32>, tensor<1x4x8xf32>) {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s0 = tfm.matmul %qh, %kh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p0 = tfm.softmax %s0 : tensor<1x2x4x4xf32>
  %c0 = tfm.matmul %p0, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o0 = tfm.merge_heads %c0 : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  %s1 = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p1 = tfm.softmax %s1 : tensor<1x2x4x4xf32>
  %c1 = tfm.matmul %p1, %vh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o1 = tfm.merge_heads %c1 : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o0, %o1 : tensor<1x4x8xf32>, tensor<1x4x8xf32>
}

// -----

// Negative: a mask applied after the softmax zeroes probabilities; that is
// not a masked softmax, so not attention.
// CHECK-LABEL: func.func @mask_after_softmax
// CHECK-NOT: tfm.attention
// CHECK: %[[P:.*]] = tfm.softmax
// CHECK: tfm.select %{{.*}}, %[[P]]
// CHECK: tfm.merge_heads
func.func @mask_after_softmax(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %keep: tensor<4x4xi1>) -> tensor<1x4x8xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  %m = tfm.select %keep, %p, %zero : (tensor<4x4xi1>, tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %c = tfm.matmul %m, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

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
