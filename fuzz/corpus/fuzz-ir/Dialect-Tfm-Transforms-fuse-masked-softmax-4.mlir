
// Negative: the mask zeroes probabilities *after* the softmax. That is not a
// masked softmax (rows no longer sum to 1), so nothing changes.
// CHECK-LABEL: func.func @mask_after_softmax
// CHECK: %[[P:.*]] = tfm.softmax
// CHECK: tfm.select %{{.*}}, %[[P]], %{{.*}}
// CHECK-NOT: tfm.masked_softmax
func.func @mask_after_softmax(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  %p = tfm.softmax %scores : tensor<4x4xf32>
  %m = tfm.select %keep, %p, %zero : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

