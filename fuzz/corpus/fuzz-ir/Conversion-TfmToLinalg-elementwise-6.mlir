
// A dynamic result size is read from the operand that is not broadcast along
// it: here dimension 0 from %b and dimension 1 from %a.
// CHECK-LABEL: func.func @add_broadcast_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<1x?xf32>, %[[B:.*]]: tensor<?x1xf32>)
// CHECK-DAG:  %[[D0:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x1xf32>
// CHECK-DAG:  %[[D1:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<1x?xf32>
// CHECK:      tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>]
func.func @add_broadcast_dynamic(%a: tensor<1x?xf32>, %b: tensor<?x1xf32>) -> tensor<?x?xf32> {
  %0 = tfm.add %a, %b : (tensor<1x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

