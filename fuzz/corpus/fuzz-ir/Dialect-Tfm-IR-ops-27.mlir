
// Missing leading dimensions broadcast, on either side.
// CHECK-LABEL: func.func @add_broadcast_rank
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: tfm.add %[[B]], %[[X]] : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
func.func @add_broadcast_rank(%x: tensor<2x3x4xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = tfm.add %b, %x : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

