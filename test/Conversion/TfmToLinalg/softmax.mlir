// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// softmax over the last dimension is three generics: a row max (from -inf),
// a row sum of exp(x - max) (from 0), and exp(x - max) / sum. A masked
// softmax recomputes the masked, scaled score inside each of the three
// bodies instead of materialising it: a boolean keep-mask selects -inf, an
// additive mask is added. Attention is decomposed into split_heads, Q·Kᵀ,
// (masked) softmax, ·V and merge_heads, which lower as above.

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x?xf32>)
// CHECK:      %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:      %[[INIT_MAX:.*]] = linalg.fill ins(%[[NEG_INF]] : f32) outs(%{{.*}} : tensor<?x2x?xf32>)
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]] : tensor<?x2x?x?xf32>) outs(%[[INIT_MAX]] : tensor<?x2x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[M:.*]] = arith.maximumf %[[IN]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[M]] : f32
// CHECK:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:      %[[INIT_SUM:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x2x?xf32>)
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[MAX]] : tensor<?x2x?x?xf32>, tensor<?x2x?xf32>) outs(%[[INIT_SUM]] : tensor<?x2x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[MX:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[IN]], %[[MX]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[E]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}, %{{.*}}) : tensor<?x2x?x?xf32>
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<?x2x?x?xf32>, tensor<?x2x?xf32>, tensor<?x2x?xf32>) outs(%[[EMPTY]] : tensor<?x2x?x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[MX:.*]]: f32, %[[SM:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[IN]], %[[MX]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   %[[Q:.*]] = arith.divf %[[E]], %[[SM]] : f32
// CHECK-NEXT:   linalg.yield %[[Q]] : f32
// CHECK-NOT:  linalg.generic
// CHECK:      return %[[P]]
func.func @softmax(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.softmax %x : tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// A rank-1 softmax reduces to rank-0 tensors.
// CHECK-LABEL: func.func @softmax_rank1
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>]
// CHECK-SAME:   iterator_types = ["reduction"]
// CHECK-SAME:   outs(%{{.*}} : tensor<f32>)
func.func @softmax_rank1(%x: tensor<5xf32>) -> tensor<5xf32> {
  %0 = tfm.softmax %x : tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Boolean keep-mask [T, S] (broadcast over batch and heads: map (d2, d3)):
// every sweep computes select(keep, scores * scale, -inf).
// CHECK-LABEL: func.func @masked_softmax_bool
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[KEEP:.*]]: tensor<?x?xi1>)
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[S]], %[[KEEP]] : tensor<?x2x?x?xf32>, tensor<?x?xi1>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[K:.*]]: i1, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[F:.*]] = arith.constant 1.250000e-01 : f32
// CHECK-NEXT:   %[[SC:.*]] = arith.mulf %[[IN]], %[[F]] : f32
// CHECK-NEXT:   %[[NI:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[K]], %[[SC]], %[[NI]] : f32
// CHECK-NEXT:   %[[M:.*]] = arith.maximumf %[[V]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[M]] : f32
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[S]], %[[KEEP]], %[[MAX]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[K:.*]]: i1, %[[MX:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[F:.*]] = arith.constant 1.250000e-01 : f32
// CHECK-NEXT:   %[[SC:.*]] = arith.mulf %[[IN]], %[[F]] : f32
// CHECK-NEXT:   %[[NI:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[K]], %[[SC]], %[[NI]] : f32
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[V]], %[[MX]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   arith.addf %[[E]], %[[ACC]] : f32
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[S]], %[[KEEP]], %[[MAX]], %[[SUM]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[K:.*]]: i1, %[[MX:.*]]: f32, %[[SM:.*]]: f32, %{{.*}}: f32):
// CHECK:        %[[NI:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[K]], %{{.*}}, %[[NI]] : f32
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[V]], %[[MX]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   %[[Q:.*]] = arith.divf %[[E]], %[[SM]] : f32
// CHECK-NEXT:   linalg.yield %[[Q]] : f32
// CHECK:      return %[[P]]
func.func @masked_softmax_bool(%s: tensor<?x2x?x?xf32>, %keep: tensor<?x?xi1>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.masked_softmax %s, %keep scale 1.250000e-01 : (tensor<?x2x?x?xf32>, tensor<?x?xi1>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// Additive mask [B, 1, 1, S] (static 1s read at index 0), scale 1: no
// multiply, no select, the mask is added.
// CHECK-LABEL: func.func @masked_softmax_additive
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[MASK:.*]]: tensor<?x1x1x?xf32>)
// CHECK-NOT:  arith.select
// CHECK-NOT:  arith.mulf
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   ins(%[[S]], %[[MASK]] : tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[V:.*]] = arith.addf %[[IN]], %[[M]] : f32
// CHECK-NEXT:   %[[MX:.*]] = arith.maximumf %[[V]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[MX]] : f32
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[S]], %[[MASK]], %[[MAX]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[M:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-NEXT:   arith.addf %[[IN]], %[[M]] : f32
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[S]], %[[MASK]], %[[MAX]], %[[SUM]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[M:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-NEXT:   arith.addf %[[IN]], %[[M]] : f32
// CHECK:        arith.divf
// CHECK-NOT:  arith.select
// CHECK:      return %[[P]]
func.func @masked_softmax_additive(%s: tensor<?x2x?x?xf32>, %mask: tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.masked_softmax %s, %mask scale 1.000000e+00 : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// Unmasked attention: Q, K, V are split into heads, K is transposed for
// Q·Kᵀ, the scores are scaled by a separate generic before the softmax, and
// the context is merged back.
// CHECK-LABEL: func.func @attention
// CHECK-SAME: (%[[Q:.*]]: tensor<?x?x8xf32>, %[[K:.*]]: tensor<?x?x8xf32>, %[[V:.*]]: tensor<?x?x8xf32>)
// CHECK:      %[[QE:.*]] = tensor.expand_shape %[[Q]] {{\[}}[0], [1], [2, 3]] {{.*}} into tensor<?x?x2x4xf32>
// CHECK:      %[[QH:.*]] = linalg.transpose ins(%[[QE]] : tensor<?x?x2x4xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK:      %[[KE:.*]] = tensor.expand_shape %[[K]]
// CHECK:      %[[KH:.*]] = linalg.transpose ins(%[[KE]] : tensor<?x?x2x4xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK:      %[[VE:.*]] = tensor.expand_shape %[[V]]
// CHECK:      %[[VH:.*]] = linalg.transpose ins(%[[VE]] : tensor<?x?x2x4xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK:      %[[KT:.*]] = linalg.transpose ins(%[[KH]] : tensor<?x2x?x4xf32>) outs(%{{.*}} : tensor<?x2x4x?xf32>) permutation = [0, 1, 3, 2]
// CHECK:      %[[SCORES:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[QH]], %[[KT]] : tensor<?x2x?x4xf32>, tensor<?x2x4x?xf32>)
// CHECK:      %[[SCALED:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[SCORES]] : tensor<?x2x?x?xf32>)
// CHECK:        arith.constant 5.000000e-01 : f32
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[SCALED]] : tensor<?x2x?x?xf32>)
// CHECK:        arith.maximumf
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[SCALED]], %[[MAX]] :
// CHECK:        math.exp
// CHECK:      %[[PROBS:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[SCALED]], %[[MAX]], %[[SUM]] :
// CHECK:        arith.divf
// CHECK-NOT:  linalg.transpose ins(%[[VH]]
// CHECK:      %[[CTX:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   ins(%[[PROBS]], %[[VH]] : tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>)
// CHECK:      %[[MT:.*]] = linalg.transpose ins(%[[CTX]] : tensor<?x2x?x4xf32>) outs(%{{.*}} : tensor<?x?x2x4xf32>) permutation = [0, 2, 1, 3]
// CHECK:      %[[OUT:.*]] = tensor.collapse_shape %[[MT]] {{\[}}[0], [1], [2, 3]] : tensor<?x?x2x4xf32> into tensor<?x?x8xf32>
// CHECK-NEXT: return %[[OUT]]
func.func @attention(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.attention %q, %k, %v heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// With a boolean mask the softmax is a masked softmax: the scale moves into
// its bodies (no separate scaling generic) and -inf is selected.
// CHECK-LABEL: func.func @attention_bool_mask
// CHECK-SAME: %[[KEEP:[^:]*]]: tensor<?x?xi1>)
// CHECK:      %[[SCORES:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-NOT:  ins(%[[SCORES]] : tensor<?x2x?x?xf32>)
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[SCORES]], %[[KEEP]] : tensor<?x2x?x?xf32>, tensor<?x?xi1>)
// CHECK:        arith.constant 5.000000e-01 : f32
// CHECK:        arith.constant 0xFF800000 : f32
// CHECK:        arith.select
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%[[SCORES]], %[[KEEP]], %[[MAX]] :
// CHECK:      %[[PROBS:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[SCORES]], %[[KEEP]], %[[MAX]], %{{.*}} :
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%[[PROBS]], %{{.*}} : tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>)
// CHECK:      tensor.collapse_shape
func.func @attention_bool_mask(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %keep: tensor<?x?xi1>) -> tensor<?x?x8xf32> {
  %0 = tfm.attention %q, %k, %v mask %keep heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}
