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

