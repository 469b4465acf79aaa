
// Negative: the mask broadcasts the scores to a larger shape; the fused op
// would have the scores' shape, so it cannot replace the softmax.
// CHECK-LABEL: func.func @mask_broadcasts_scores
// CHECK: tfm.add
// CHECK: tfm.softmax
// CHECK-NOT: tfm.masked_softmax
func.func @mask_broadcasts_scores(%scores: tensor<4x4xf32>, %mask: tensor<2x1x4xf32>) -> tensor<2x4x4xf32> {
  %m = tfm.add %scores, %mask : (tensor<4x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
  %p = tfm.softmax %m : tensor<2x4x4xf32>
  return %p : tensor<2x4x4xf32>
}

