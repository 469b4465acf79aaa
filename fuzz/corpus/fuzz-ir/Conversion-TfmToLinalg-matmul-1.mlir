
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

