
// Negative: the masked scores are also returned, so fusing would compute them twice.
// CHECK-LABEL: func.func @masked_scores_other_user
// CHECK: %[[M:.*]] = tfm.add
// CHECK: tfm.softmax %[[M]]
// CHECK-NOT: tfm.masked_softmax
func.func @masked_scores_other_user(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %m = tfm.add %scores, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p, %m : tensor<4x4xf32>, tensor<4x4xf32>
}

