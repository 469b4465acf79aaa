
// next_token: the label is read at t + 1 by tensor.extract (t itself, which
// is in bounds, at the last position, which does not count); the mask is
// read at the logits' position t.
// CHECK-LABEL: func.func @cross_entropy_next_token_mask
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<?x?x11xf32>, %[[LABELS:.*]]: tensor<?x?xi64>, %[[MASK:.*]]: tensor<?x?xi1>)
// CHECK:      %[[T_LEN:.*]] = tensor.dim %[[LABELS]], %{{.*}} : tensor<?x?xi64>
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   ins(%{{.*}}, %{{.*}}, %[[MASK]] : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi1>)
// CHECK-NEXT: ^bb0(%{{.*}}: f32, %{{.*}}: f32, %[[KEEP:.*]]: i1, %{{.*}}: f32, %{{.*}}: i1):
// CHECK:        %[[B:.*]] = linalg.index 0 : index
// CHECK:        %[[T:.*]] = linalg.index 1 : index
// CHECK:        %[[NEXT:.*]] = arith.addi %[[T]], %{{.*}} : index
// CHECK:        %[[IN_RANGE:.*]] = arith.cmpi ult, %[[NEXT]], %[[T_LEN]] : index
// CHECK:        %[[AT:.*]] = arith.select %[[IN_RANGE]], %[[NEXT]], %[[T]] : index
// CHECK:        %[[LABEL:.*]] = tensor.extract %[[LABELS]][%[[B]], %[[AT]]] : tensor<?x?xi64>
// CHECK:        %[[NOT_IGNORED:.*]] = arith.cmpi ne, %[[LABEL]], %{{.*}} : i64
// CHECK:        %[[C1:.*]] = arith.andi %[[IN_RANGE]], %[[NOT_IGNORED]] : i1
// CHECK:        %[[C2:.*]] = arith.andi %[[C1]], %[[KEEP]] : i1
// CHECK:        tensor.extract %[[LOGITS]][%[[B]], %[[T]], %{{.*}}] : tensor<?x?x11xf32>
// CHECK:        linalg.yield %{{.*}}, %[[C2]] : f32, i1
// CHECK:      linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:      linalg.generic {{.*}} iterator_types = []
func.func @cross_entropy_next_token_mask(%logits: tensor<?x?x11xf32>, %labels: tensor<?x?xi64>, %mask: tensor<?x?xi1>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %labels mask %mask next_token : (tensor<?x?x11xf32>, tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<f32>
  return %0 : tensor<f32>
}

