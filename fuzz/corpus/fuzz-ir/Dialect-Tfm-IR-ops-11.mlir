
// CHECK-LABEL: func.func @cls_token
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>)
// CHECK: tfm.cls_token %[[X]] : tensor<?x?x8xf32> -> tensor<?x8xf32>
func.func @cls_token(%x: tensor<?x?x8xf32>) -> tensor<?x8xf32> {
  %0 = tfm.cls_token %x : tensor<?x?x8xf32> -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

