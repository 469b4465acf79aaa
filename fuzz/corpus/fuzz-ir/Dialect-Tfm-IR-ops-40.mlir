
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x?xf32>)
// CHECK: tfm.softmax %[[X]] : tensor<?x2x?x?xf32>
func.func @softmax(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.softmax %x : tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

