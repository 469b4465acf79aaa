
// CHECK-LABEL: func.func @split_heads
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>)
// CHECK: tfm.split_heads %[[X]] heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
func.func @split_heads(%x: tensor<?x?x8xf32>) -> tensor<?x2x?x4xf32> {
  %0 = tfm.split_heads %x heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
  return %0 : tensor<?x2x?x4xf32>
}

