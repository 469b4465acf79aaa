
func.func @select_inverted(%scores: tensor<4x4xf32>, %drop: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %ninf = arith.constant dense<0xFF800000> : tensor<f32>
  // expected-remark @+1 {{not fused: select keeps -inf where the mask is true}}
  %m = tfm.select %drop, %ninf, %scores : (tensor<4x4xi1>, tensor<f32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

