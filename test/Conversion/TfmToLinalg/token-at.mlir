// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// tfm.token_at (a gather of one row per batch row, its position clamped into
// [0, T)) and tfm.argmax (a reduction carrying the index of the largest
// value so far, which it reads back from the input).

// CHECK-LABEL: func.func @token_at
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[P:.*]]: tensor<?xi64>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}) : tensor<?x4xf32>
// CHECK:      %[[T:.*]] = tensor.dim %[[X]], %c1
// CHECK:      %[[LAST:.*]] = arith.subi %[[T]], %{{.*}} : index
// CHECK-DAG:  %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-DAG:  %[[LASTID:.*]] = arith.index_cast %[[LAST]] : index to i64
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   ins(%[[P]] : tensor<?xi64>) outs(%[[EMPTY]] : tensor<?x4xf32>)
// CHECK-NEXT: ^bb0(%[[POS:.*]]: i64, %{{.*}}: f32):
// CHECK-NEXT:   %[[LO:.*]] = arith.maxsi %[[POS]], %[[ZERO]] : i64
// CHECK-NEXT:   %[[HI:.*]] = arith.minsi %[[LO]], %[[LASTID]] : i64
// CHECK-NEXT:   %[[AT:.*]] = arith.index_cast %[[HI]] : i64 to index
// CHECK-NEXT:   %[[B:.*]] = linalg.index 0 : index
// CHECK-NEXT:   %[[D:.*]] = linalg.index 1 : index
// CHECK-NEXT:   %[[V:.*]] = tensor.extract %[[X]][%[[B]], %[[AT]], %[[D]]] : tensor<?x?x4xf32>
// CHECK-NEXT:   linalg.yield %[[V]] : f32
// CHECK:      return %[[R]]
func.func @token_at(%x: tensor<?x?x4xf32>, %p: tensor<?xi64>) -> tensor<?x4xf32> {
  %0 = tfm.token_at %x[%p] : tensor<?x?x4xf32>, tensor<?xi64> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// i32 positions and static shapes: the clamp is in i32, the last position a
// constant.
// CHECK-LABEL: func.func @token_at_static_i32
// CHECK-SAME: (%[[X:.*]]: tensor<2x5x3xf32>, %[[P:.*]]: tensor<2xi32>)
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%[[P]] : tensor<2xi32>)
// CHECK:        arith.maxsi %{{.*}}, %{{.*}} : i32
// CHECK:        arith.minsi %{{.*}}, %{{.*}} : i32
// CHECK:        tensor.extract %[[X]]
func.func @token_at_static_i32(%x: tensor<2x5x3xf32>, %p: tensor<2xi32>) -> tensor<2x3xf32> {
  %0 = tfm.token_at %x[%p] : tensor<2x5x3xf32>, tensor<2xi32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Only a strictly greater id replaces the index (sgt, not sge): the first of
// equal ids wins, as torch.argmax.
// CHECK-LABEL: func.func @argmax
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK:      %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:      %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : i64) outs(%{{.*}} : tensor<?xi64>)
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>]
// CHECK-SAME:   iterator_types = ["parallel", "reduction"]
// CHECK-SAME:   ins(%[[IDS]] : tensor<?x?xi64>) outs(%[[INIT]] : tensor<?xi64>)
// CHECK-NEXT: ^bb0(%[[ID:.*]]: i64, %[[BEST:.*]]: i64):
// CHECK-NEXT:   %[[ROW:.*]] = linalg.index 0 : index
// CHECK-NEXT:   %[[BESTAT:.*]] = arith.index_cast %[[BEST]] : i64 to index
// CHECK-NEXT:   %[[MAX:.*]] = tensor.extract %[[IDS]][%[[ROW]], %[[BESTAT]]] : tensor<?x?xi64>
// CHECK-NEXT:   %[[GT:.*]] = arith.cmpi sgt, %[[ID]], %[[MAX]] : i64
// CHECK-NEXT:   %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:   %[[JID:.*]] = arith.index_cast %[[J]] : index to i64
// CHECK-NEXT:   %[[NEW:.*]] = arith.select %[[GT]], %[[JID]], %[[BEST]] : i64
// CHECK-NEXT:   linalg.yield %[[NEW]] : i64
// CHECK:      return %[[R]]
func.func @argmax(%ids: tensor<?x?xi64>) -> tensor<?xi64> {
  %0 = tfm.argmax %ids : tensor<?x?xi64> -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

// equal: the index of the first id equal to the value (0 when none): an id
// replaces the index when it matches and the one there does not.
// CHECK-LABEL: func.func @argmax_equal
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK-DAG:  %[[EOS:.*]] = arith.constant 49407 : i64
// CHECK:      linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "reduction"]
// CHECK-NEXT: ^bb0(%[[ID:.*]]: i64, %[[BEST:.*]]: i64):
// CHECK:        %[[MAX:.*]] = tensor.extract %[[IDS]]
// CHECK-NEXT:   %[[M:.*]] = arith.cmpi eq, %[[ID]], %[[EOS]] : i64
// CHECK-NEXT:   %[[BM:.*]] = arith.cmpi eq, %[[MAX]], %[[EOS]] : i64
// CHECK-NEXT:   %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT:   %[[NBM:.*]] = arith.xori %[[BM]], %[[TRUE]] : i1
// CHECK-NEXT:   %[[GT:.*]] = arith.andi %[[M]], %[[NBM]] : i1
// CHECK-NOT:    arith.cmpi sgt
// CHECK:        arith.select %[[GT]], %{{.*}}, %[[BEST]] : i64
func.func @argmax_equal(%ids: tensor<?x?xi64>) -> tensor<?xi64> {
  %0 = tfm.argmax %ids equal 49407 : tensor<?x?xi64> -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

// Rank 3, i32 ids into an i64 index: the leading dimensions index the row.
// CHECK-LABEL: func.func @argmax_rank3
// CHECK-SAME: (%[[IDS:.*]]: tensor<2x3x5xi32>)
// CHECK:      linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NEXT: ^bb0(%[[ID:.*]]: i32, %[[BEST:.*]]: i64):
// CHECK:        tensor.extract %[[IDS]][%{{.*}}, %{{.*}}, %{{.*}}] : tensor<2x3x5xi32>
// CHECK:        arith.cmpi sgt, %[[ID]], %{{.*}} : i32
// CHECK:        arith.select %{{.*}}, %{{.*}}, %[[BEST]] : i64
func.func @argmax_rank3(%ids: tensor<2x3x5xi32>) -> tensor<2x3xi64> {
  %0 = tfm.argmax %ids : tensor<2x3x5xi32> -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}
