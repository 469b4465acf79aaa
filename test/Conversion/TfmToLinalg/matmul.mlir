// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// Batched products are linalg.generic contractions (batch..., m, n, k) over
// a zero-filled accumulator; with transpose_rhs the right-hand side is first
// transposed by a linalg.transpose so that it is N-contiguous. Head
// split/merge are a reshape and a transpose.

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<2x4x5xf32>)
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:      %[[EMPTY:.*]] = tensor.empty() : tensor<2x3x5xf32>
// CHECK:      %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x3x5xf32>)
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[C:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[A]], %[[B]] : tensor<2x3x4xf32>, tensor<2x4x5xf32>) outs(%[[INIT]] : tensor<2x3x5xf32>)
// CHECK-NEXT: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[P:.*]] = arith.mulf %[[L]], %[[R]] : f32
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// CHECK:      return %[[C]]
func.func @matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = tfm.matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// Q·Kᵀ: K [B, H, S, d] is transposed to [B, H, d, S]; the result's S comes
// from K's dimension 2.
// CHECK-LABEL: func.func @matmul_transpose_rhs
// CHECK-SAME: (%[[Q:.*]]: tensor<?x2x?x4xf32>, %[[K:.*]]: tensor<?x2x?x4xf32>)
// CHECK-DAG:  %[[B:.*]] = tensor.dim %[[Q]], %{{.*}} : tensor<?x2x?x4xf32>
// CHECK-DAG:  %[[T:.*]] = tensor.dim %[[Q]], %{{.*}} : tensor<?x2x?x4xf32>
// CHECK-DAG:  %[[S:.*]] = tensor.dim %[[K]], %{{.*}} : tensor<?x2x?x4xf32>
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%[[B]], %[[T]], %[[S]]) : tensor<?x2x?x?xf32>
// CHECK:      %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[EMPTY]] : tensor<?x2x?x?xf32>)
// CHECK:      %[[KT:.*]] = linalg.transpose ins(%[[K]] : tensor<?x2x?x4xf32>) outs(%{{.*}} : tensor<?x2x4x?xf32>) permutation = [0, 1, 3, 2]
// CHECK:      %[[C:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[Q]], %[[KT]] : tensor<?x2x?x4xf32>, tensor<?x2x4x?xf32>) outs(%[[INIT]] : tensor<?x2x?x?xf32>)
// CHECK:      return %[[C]]
func.func @matmul_transpose_rhs(%q: tensor<?x2x?x4xf32>, %k: tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.matmul %q, %k transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// A rank-2 product has no batch dimensions.
// CHECK-LABEL: func.func @matmul_rank2_transpose_rhs
// CHECK-SAME: (%[[A:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<5x4xf32>)
// CHECK:      %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<5x4xf32>) outs(%{{.*}} : tensor<4x5xf32>) permutation = [1, 0]
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[A]], %[[BT]] : tensor<3x4xf32>, tensor<4x5xf32>) outs(%{{.*}} : tensor<3x5xf32>)
func.func @matmul_rank2_transpose_rhs(%a: tensor<3x4xf32>, %b: tensor<5x4xf32>) -> tensor<3x5xf32> {
  %0 = tfm.matmul %a, %b transpose_rhs : (tensor<3x4xf32>, tensor<5x4xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// [B, T, H*d] -> [B, T, H, d] -> [B, H, T, d].
// CHECK-LABEL: func.func @split_heads
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>)
// CHECK-DAG:  %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x8xf32>
// CHECK-DAG:  %[[T:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x8xf32>
// CHECK:      %[[E:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1], [2, 3]] output_shape [%[[B]], %[[T]], 2, 4] : tensor<?x?x8xf32> into tensor<?x?x2x4xf32>
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%[[B]], %[[T]]) : tensor<?x2x?x4xf32>
// CHECK:      %[[R:.*]] = linalg.transpose ins(%[[E]] : tensor<?x?x2x4xf32>) outs(%[[EMPTY]] : tensor<?x2x?x4xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT: return %[[R]]
func.func @split_heads(%x: tensor<?x?x8xf32>) -> tensor<?x2x?x4xf32> {
  %0 = tfm.split_heads %x heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
  return %0 : tensor<?x2x?x4xf32>
}

// -----

// [B, H, T, d] -> [B, T, H, d] -> [B, T, H*d].
// CHECK-LABEL: func.func @merge_heads
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x4xf32>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x2x4xf32>
// CHECK:      %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<?x2x?x4xf32>) outs(%[[EMPTY]] : tensor<?x?x2x4xf32>) permutation = [0, 2, 1, 3]
// CHECK:      %[[R:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1], [2, 3]] : tensor<?x?x2x4xf32> into tensor<?x?x8xf32>
// CHECK-NEXT: return %[[R]]
func.func @merge_heads(%x: tensor<?x2x?x4xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.merge_heads %x : tensor<?x2x?x4xf32> -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}
