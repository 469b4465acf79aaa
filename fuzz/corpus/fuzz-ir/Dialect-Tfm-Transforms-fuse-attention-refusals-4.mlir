
// A mask add that tfm-fuse-masked-softmax has not fused yet.
func.func @unfused_mask(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %mask: tensor<1x1x1x4xf32>) -> tensor<1x4x8xf32> {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %m = tfm.add %s, %mask : (tensor<1x2x4x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{not fused: softmax input is a tfm.add or tfm.select (a mask?): run tfm-fuse-masked-softmax first}}
  %p = tfm.softmax %m : tensor<1x2x4x4xf32>
  %c = tfm.matmul %p, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o = tfm.merge_heads %c : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

