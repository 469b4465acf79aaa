
// CHECK-LABEL: func.func @prepend_cls_dynamic_sequence
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>, %[[CLS:.*]]: tensor<1x1x8xf32>)
// CHECK: tfm.prepend_cls %[[X]], %[[CLS]] : (tensor<?x?x8xf32>, tensor<1x1x8xf32>) -> tensor<?x?x8xf32>
func.func @prepend_cls_dynamic_sequence(%x: tensor<?x?x8xf32>, %cls: tensor<1x1x8xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.prepend_cls %x, %cls : (tensor<?x?x8xf32>, tensor<1x1x8xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

