
// CHECK-LABEL: func.func @gelu
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>)
// CHECK: tfm.gelu %[[X]] approximate <tanh> : tensor<?x?x4xf32>
// CHECK: tfm.gelu %[[X]] approximate <erf> : tensor<?x?x4xf32>
func.func @gelu(%x: tensor<?x?x4xf32>) -> (tensor<?x?x4xf32>, tensor<?x?x4xf32>) {
  %0 = tfm.gelu %x approximate <tanh> : tensor<?x?x4xf32>
  %1 = tfm.gelu %x approximate <erf> : tensor<?x?x4xf32>
  return %0, %1 : tensor<?x?x4xf32>, tensor<?x?x4xf32>
}

