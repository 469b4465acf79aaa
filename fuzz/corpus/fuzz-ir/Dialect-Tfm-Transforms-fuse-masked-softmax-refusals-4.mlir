
func.func @masked_scores_other_user(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  // expected-remark @+1 {{not fused: masked scores have users other than the softmax}}
  %m = tfm.add %scores, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p, %m : tensor<4x4xf32>, tensor<4x4xf32>
}

