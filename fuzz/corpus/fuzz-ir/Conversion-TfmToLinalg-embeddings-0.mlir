// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// Embeddings and the ViT front end: gathers, index generics, reshapes and
// slices. No tfm op survives (--implicit-check-not).

// A gather: one parallel generic over [B, T, D] reads the id at (b, t) and
// extracts table[id, d].
// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[TABLE:.*]]: tensor<10x4xf32>, %[[IDS:.*]]: tensor<?x?xi64>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x4xf32>
// CHECK:      %[[E:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[IDS]] : tensor<?x?xi64>) outs(%[[EMPTY]] : tensor<?x?x4xf32>)
// CHECK-NEXT: ^bb0(%[[ID:.*]]: i64, %{{.*}}: f32):
// CHECK-NEXT:   %[[ROW:.*]] = arith.index_cast %[[ID]] : i64 to index
// CHECK-NEXT:   %[[COL:.*]] = linalg.index 2 : index
// CHECK-NEXT:   %[[V:.*]] = tensor.extract %[[TABLE]][%[[ROW]], %[[COL]]] : tensor<10x4xf32>
// CHECK-NEXT:   linalg.yield %[[V]] : f32
// CHECK:      return %[[E]]
func.func @embedding(%table: tensor<10x4xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x4xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

