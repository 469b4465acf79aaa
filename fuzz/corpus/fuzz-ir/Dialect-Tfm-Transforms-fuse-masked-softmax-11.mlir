
// Negative: a plain softmax has no mask to fuse.
// CHECK-LABEL: func.func @plain_softmax
// CHECK-NEXT: tfm.softmax
func.func @plain_softmax(%scores: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %p = tfm.softmax %scores : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

