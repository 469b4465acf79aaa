
// Negative: the scaled scores have another user.
// CHECK-LABEL: func.func @scaled_scores_other_user
// CHECK: %[[S:.*]] = tfm.scale
// CHECK: tfm.add %[[S]]
// CHECK: tfm.softmax
// CHECK-NOT: tfm.masked_softmax
func.func @scaled_scores_other_user(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %s = tfm.scale %scores by 0.5 : tensor<4x4xf32>
  %m = tfm.add %s, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p, %s : tensor<4x4xf32>, tensor<4x4xf32>
}

