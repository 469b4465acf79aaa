
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

