
// Negative: an additive mask after the softmax.
// CHECK-LABEL: func.func @additive_after_softmax
// CHECK: %[[P:.*]] = tfm.softmax
// CHECK: tfm.add %[[P]]
// CHECK-NOT: tfm.masked_softmax
func.func @additive_after_softmax(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> tensor<4x4xf32> {
  %p = tfm.softmax %scores : tensor<4x4xf32>
  %m = tfm.add %p, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

