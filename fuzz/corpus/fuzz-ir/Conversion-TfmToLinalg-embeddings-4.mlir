
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

