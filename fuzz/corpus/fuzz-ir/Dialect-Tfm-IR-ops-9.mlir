
// CHECK-LABEL: func.func @prepend_cls
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8xf32>, %[[CLS:.*]]: tensor<1x1x8xf32>)
// CHECK: tfm.prepend_cls %[[X]], %[[CLS]] : (tensor<?x4x8xf32>, tensor<1x1x8xf32>) -> tensor<?x5x8xf32>
func.func @prepend_cls(%x: tensor<?x4x8xf32>, %cls: tensor<1x1x8xf32>) -> tensor<?x5x8xf32> {
  %0 = tfm.prepend_cls %x, %cls : (tensor<?x4x8xf32>, tensor<1x1x8xf32>) -> tensor<?x5x8xf32>
  return %0 : tensor<?x5x8xf32>
}

