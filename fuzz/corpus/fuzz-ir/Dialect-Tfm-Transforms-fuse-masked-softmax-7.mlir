
// Negative: the select fills with 0, not -inf: masked positions would keep
// weight exp(0).
// CHECK-LABEL: func.func @select_zero_fill
// CHECK: tfm.select
// CHECK: tfm.softmax
// CHECK-NOT: tfm.masked_softmax
func.func @select_zero_fill(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  %m = tfm.select %keep, %scores, %zero : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

