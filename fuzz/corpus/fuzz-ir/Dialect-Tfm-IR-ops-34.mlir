
// CHECK-LABEL: func.func @merge_heads
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x4xf32>)
// CHECK: tfm.merge_heads %[[X]] : tensor<?x2x?x4xf32> -> tensor<?x?x8xf32>
func.func @merge_heads(%x: tensor<?x2x?x4xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.merge_heads %x : tensor<?x2x?x4xf32> -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

