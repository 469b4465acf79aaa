
func.func @select_zero_fill(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  // expected-remark @+1 {{not fused: select fill is not a splat -inf or lowest-value constant}}
  %m = tfm.select %keep, %scores, %zero : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

