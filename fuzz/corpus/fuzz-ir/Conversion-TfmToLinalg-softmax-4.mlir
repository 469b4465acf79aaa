
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

