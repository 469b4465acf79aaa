
// The split_heads may have other users: they stay for them, the rest of the
// chain goes. One split may serve as both queries and keys.
// CHECK-LABEL: func.func @shared_splits
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8xf32>, %[[V:.*]]: tensor<1x4x8xf32>)
// CHECK-NEXT: %[[XH:.*]] = tfm.split_heads %[[X]] heads 2
// CHECK-NEXT: %[[O:.*]] = tfm.attention %[[X]], %[[X]], %[[V]] heads 2 scale 2.500000e-01
// CHECK-NEXT: return %[[O]], %[[XH]]
func.func @shared_splits(%x: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> (tensor<1x4x8xf32>, tensor<1x2x4x4xf32>) {
  %xh = tfm.split_heads %x heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %xh, %xh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %t = tfm.scale %s by 0.25 : tensor<1x2x4x4xf32>
  %p = tfm.softmax %t : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o, %xh : tensor<1x4x8xf32>, tensor<1x2x4x4xf32>
}

