
func.func @mask_broadcasts_scores(%scores: tensor<4x4xf32>, %mask: tensor<2x1x4xf32>) -> tensor<2x4x4xf32> {
  // expected-remark @+1 {{not fused: mask broadcasts the scores from 'tensor<4x4xf32>' to 'tensor<2x4x4xf32>'}}
  %m = tfm.add %scores, %mask : (tensor<4x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
  %p = tfm.softmax %m : tensor<2x4x4xf32>
  return %p : tensor<2x4x4xf32>
}

