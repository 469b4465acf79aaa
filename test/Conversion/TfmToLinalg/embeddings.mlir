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

// -----

// i32 ids are cast to index the same way.
// CHECK-LABEL: func.func @embedding_i32
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%{{.*}} : tensor<2x3xi32>) outs(%{{.*}} : tensor<2x3x4xf32>)
// CHECK:        arith.index_cast %{{.*}} : i32 to index
func.func @embedding_i32(%table: tensor<10x4xf32>, %ids: tensor<2x3xi32>) -> tensor<2x3x4xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<2x3xi32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Positions are the column index; the ids are only read for their shape.
// CHECK-LABEL: func.func @position_ids
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK-DAG:  %[[B:.*]] = tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK-DAG:  %[[T:.*]] = tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%[[B]], %[[T]]) : tensor<?x?xi64>
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   outs(%[[EMPTY]] : tensor<?x?xi64>)
// CHECK-NEXT: ^bb0(%{{.*}}: i64):
// CHECK-NEXT:   %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:   %[[J64:.*]] = arith.index_cast %[[J]] : index to i64
// CHECK-NEXT:   linalg.yield %[[J64]] : i64
// CHECK:      return %[[P]]
func.func @position_ids(%ids: tensor<?x?xi64>) -> tensor<?x?xi64> {
  %0 = tfm.position_ids %ids : tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// -----

// From an offset (the tokens a KV cache holds): offset + the column index,
// the offset read once outside the generic.
// CHECK-LABEL: func.func @position_ids_offset
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi32>, %[[POS:.*]]: tensor<i32>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xi32>
// CHECK:      %[[OFFSET:.*]] = tensor.extract %[[POS]][] : tensor<i32>
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   outs(%[[EMPTY]] : tensor<?x?xi32>)
// CHECK-NEXT: ^bb0(%{{.*}}: i32):
// CHECK-NEXT:   %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:   %[[J32:.*]] = arith.index_cast %[[J]] : index to i32
// CHECK-NEXT:   %[[ID:.*]] = arith.addi %[[J32]], %[[OFFSET]] : i32
// CHECK-NEXT:   linalg.yield %[[ID]] : i32
// CHECK:      return %[[P]]
func.func @position_ids_offset(%ids: tensor<?x?xi32>, %pos: tensor<i32>) -> tensor<?x?xi32> {
  %0 = tfm.position_ids %ids offset %pos : tensor<?x?xi32>, tensor<i32>
  return %0 : tensor<?x?xi32>
}

// -----

// Past padding P (RoBERTa): the result starts at P and, where ids[b, t] is
// not P, counts the ids[b, s] != P with s <= t: a reduction over s reading
// the ids at (b, s) and at (b, t).
// CHECK-LABEL: func.func @position_ids_padding
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xi64>
// CHECK:      %[[PAD:.*]] = arith.constant 1 : i64
// CHECK:      %[[START:.*]] = linalg.fill ins(%[[PAD]] : i64) outs(%[[EMPTY]] : tensor<?x?xi64>)
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[IDS]], %[[IDS]] : tensor<?x?xi64>, tensor<?x?xi64>) outs(%[[START]] : tensor<?x?xi64>)
// CHECK-NEXT: ^bb0(%[[IS:.*]]: i64, %[[IT:.*]]: i64, %[[ACC:.*]]: i64):
// CHECK-NEXT:   %[[S:.*]] = linalg.index 2 : index
// CHECK-NEXT:   %[[T:.*]] = linalg.index 1 : index
// CHECK-NEXT:   %[[BEFORE:.*]] = arith.cmpi ule, %[[S]], %[[T]] : index
// CHECK-NEXT:   %[[COUNTED:.*]] = arith.cmpi ne, %[[IS]], %[[PAD]] : i64
// CHECK-NEXT:   %[[REAL:.*]] = arith.cmpi ne, %[[IT]], %[[PAD]] : i64
// CHECK-NEXT:   %[[A:.*]] = arith.andi %[[BEFORE]], %[[COUNTED]] : i1
// CHECK-NEXT:   %[[BOTH:.*]] = arith.andi %[[A]], %[[REAL]] : i1
// CHECK-NEXT:   %[[ONE:.*]] = arith.extui %[[BOTH]] : i1 to i64
// CHECK-NEXT:   %[[SUM:.*]] = arith.addi %[[ACC]], %[[ONE]] : i64
// CHECK-NEXT:   linalg.yield %[[SUM]] : i64
// CHECK:      return %[[P]]
func.func @position_ids_padding(%ids: tensor<?x?xi64>) -> tensor<?x?xi64> {
  %0 = tfm.position_ids %ids padding 1 : tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// -----

// Without padding the ids are not read (the plain lowering, beside the one
// above): no reduction.
// CHECK-LABEL: func.func @position_ids_no_padding
// CHECK-NOT:  linalg.fill
// CHECK:      linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-NOT:  ins(
func.func @position_ids_no_padding(%ids: tensor<?x?xi64>) -> tensor<?x?xi64> {
  %0 = tfm.position_ids %ids : tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// -----

// Patches become rows ([B,C,H,W] -> [B,C,H/P,P,W/P,P] -> [B,H/P,W/P,C,P,P]
// -> [B,N,C*P*P]); the projection is a linear layer with the flattened
// [D, C*P*P] weight in out_in layout, so it is computed transposed,
// (W · Xᵀ)ᵀ: the rows are transposed to [B, C*P*P, N], the untransposed
// weight is the shared left-hand side (no batch dim in its map), the bias is
// broadcast along the last dim of the [B, D, N] accumulator, and the result
// is transposed back to [B, N, D]. (D = N = 4 here, so the broadcast
// dimensions and the maps, not the types, pin the layout down.)
// CHECK-LABEL: func.func @patch_embed
// CHECK-SAME: (%[[PIX:.*]]: tensor<?x3x8x8xf32>, %[[W:.*]]: tensor<4x3x4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:      %[[EXP:.*]] = tensor.expand_shape %[[PIX]] {{\[}}[0], [1], [2, 3], [4, 5]] output_shape [%{{.*}}, 3, 2, 4, 2, 4] : tensor<?x3x8x8xf32> into tensor<?x3x2x4x2x4xf32>
// CHECK:      %[[T:.*]] = linalg.transpose ins(%[[EXP]] : tensor<?x3x2x4x2x4xf32>) outs(%{{.*}} : tensor<?x2x2x3x4x4xf32>) permutation = [0, 2, 4, 1, 3, 5]
// CHECK:      %[[ROWS:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1, 2], [3, 4, 5]] : tensor<?x2x2x3x4x4xf32> into tensor<?x4x48xf32>
// CHECK:      %[[FLAT:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<4x3x4x4xf32> into tensor<4x48xf32>
// CHECK-NOT:  linalg.transpose ins(%[[FLAT]]
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<?x4x4xf32>) dimensions = [0, 2]
// CHECK-NOT:  linalg.transpose ins(%[[FLAT]]
// CHECK:      %[[RT:.*]] = linalg.transpose ins(%[[ROWS]] : tensor<?x4x48xf32>) outs(%{{.*}} : tensor<?x48x4xf32>) permutation = [0, 2, 1]
// CHECK-NOT:  linalg.transpose ins(%[[FLAT]]
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[FLAT]], %[[RT]] : tensor<4x48xf32>, tensor<?x48x4xf32>) outs(%[[INIT]] : tensor<?x4x4xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[FLAT]]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<?x4x4xf32>) outs(%{{.*}} : tensor<?x4x4xf32>) permutation = [0, 2, 1]
// CHECK-NOT:  linalg.
// CHECK:      return %[[Y]]
func.func @patch_embed(%pixels: tensor<?x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> tensor<?x4x4xf32> {
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<?x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<?x4x4xf32>
  return %0 : tensor<?x4x4xf32>
}

// -----

// The CLS row is broadcast over the batch into row 0 of the result, the
// input into rows 1..N.
// CHECK-LABEL: func.func @prepend_cls
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8xf32>, %[[CLS:.*]]: tensor<1x1x8xf32>)
// CHECK:      %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4x8xf32>
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%[[B]]) : tensor<?x5x8xf32>
// CHECK:      %[[FLAT:.*]] = tensor.collapse_shape %[[CLS]] {{\[}}[0, 1, 2]] : tensor<1x1x8xf32> into tensor<8xf32>
// CHECK:      %[[ROWS:.*]] = linalg.broadcast ins(%[[FLAT]] : tensor<8xf32>) outs(%{{.*}} : tensor<?x1x8xf32>) dimensions = [0, 1]
// CHECK:      %[[WITH_CLS:.*]] = tensor.insert_slice %[[ROWS]] into %[[EMPTY]][0, 0, 0] [%[[B]], 1, 8] [1, 1, 1] : tensor<?x1x8xf32> into tensor<?x5x8xf32>
// CHECK:      %[[R:.*]] = tensor.insert_slice %[[X]] into %[[WITH_CLS]][0, 1, 0] [%[[B]], 4, 8] [1, 1, 1] : tensor<?x4x8xf32> into tensor<?x5x8xf32>
// CHECK:      return %[[R]]
func.func @prepend_cls(%x: tensor<?x4x8xf32>, %cls: tensor<1x1x8xf32>) -> tensor<?x5x8xf32> {
  %0 = tfm.prepend_cls %x, %cls : (tensor<?x4x8xf32>, tensor<1x1x8xf32>) -> tensor<?x5x8xf32>
  return %0 : tensor<?x5x8xf32>
}

// -----

// A dynamic sequence: the result has T + 1 rows.
// CHECK-LABEL: func.func @prepend_cls_dynamic_sequence
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>, %[[CLS:.*]]: tensor<1x1x8xf32>)
// CHECK:      %[[T:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x8xf32>
// CHECK:      %[[T1:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK:      tensor.empty(%{{.*}}, %[[T1]]) : tensor<?x?x8xf32>
// CHECK:      tensor.insert_slice %[[X]] into %{{.*}}[0, 1, 0] [%{{.*}}, %{{.*}}, 8] [1, 1, 1] : tensor<?x?x8xf32> into tensor<?x?x8xf32>
func.func @prepend_cls_dynamic_sequence(%x: tensor<?x?x8xf32>, %cls: tensor<1x1x8xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.prepend_cls %x, %cls : (tensor<?x?x8xf32>, tensor<1x1x8xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// Row 0 of every sequence, as a rank-reducing slice: no copy, no generic.
// CHECK-LABEL: func.func @cls_token
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>)
// CHECK-NOT:  linalg.
// CHECK:      %[[CLS:.*]] = tensor.extract_slice %[[X]][0, 0, 0] [%{{.*}}, 1, 8] [1, 1, 1] : tensor<?x?x8xf32> to tensor<?x8xf32>
// CHECK-NEXT: return %[[CLS]]
func.func @cls_token(%x: tensor<?x?x8xf32>) -> tensor<?x8xf32> {
  %0 = tfm.cls_token %x : tensor<?x?x8xf32> -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}
