
// Negative: a mask applied after the softmax zeroes probabilities; that is
// not a masked softmax, so not attention.
// CHECK-LABEL: func.func @mask_after_softmax
// CHECK-NOT: tfm.attention
// CHECK: %[[P:.*]] = tfm.softmax
// CHECK: tfm.select %{{.*}}, %[[P]]
// CHECK: tfm.merge_heads
func.func @mask_after_softmax(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %keep: tensor<4x4xi1>) -> tensor<1x4x8xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = tfm.softmax %s : tensor<1x2x4x4xf32>
  %m = tfm.select %keep, %p, %zero : (tensor<4x4xi1>, tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %c = tfm.matmul %m, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

