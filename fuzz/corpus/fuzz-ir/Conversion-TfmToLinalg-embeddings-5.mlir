
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

