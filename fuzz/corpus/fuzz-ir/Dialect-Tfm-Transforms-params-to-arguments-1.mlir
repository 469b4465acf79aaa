
// Order is first appearance in the body, not alphabetical; params in nested
// regions count too.
// CHECK-LABEL: func.func @order
// CHECK-SAME: (%[[C:[^:]*]]: i1 {bufferization.writable = false},
// CHECK-SAME: %[[Z:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "z"},
// CHECK-SAME: %[[A:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "a"})
// CHECK:      scf.if %[[C]]
// CHECK-NEXT:   scf.yield %[[Z]]
// CHECK:      else
// CHECK-NEXT:   scf.yield %[[A]]
func.func @order(%c: i1) -> tensor<4xf32> {
  %r = scf.if %c -> tensor<4xf32> {
    %z = tfm.param "z" : tensor<4xf32>
    scf.yield %z : tensor<4xf32>
  } else {
    %a = tfm.param "a" : tensor<4xf32>
    scf.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

