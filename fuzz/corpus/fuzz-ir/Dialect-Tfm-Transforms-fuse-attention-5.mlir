
// Negative: scores without transpose_rhs (Q·K, possible here because the
// sequence length equals the head size) and a transposed values product
// (P·Vᵀ) are not attention.
// CHECK-LABEL: func.func @wrong_transposes
// CHECK-NOT: tfm.attention
// CHECK-COUNT-2: tfm.merge_heads
func.func @wrong_transposes(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> (tensor<1x4x8xf32>, tensor<1x4x8xf32>) {
  %qh = tfm.split_heads %q heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %kh = tfm.split_heads %k heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %vh = tfm.split_heads %v heads 2 : tensor<1x4x8xf32> -> tensor<1x2x4x4xf32>
  %s0 = tfm.matmul %qh, %kh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p0 = tfm.softmax %s0 : tensor<1x2x4x4xf32>
  %c0 = tfm.matmul %p0, %vh : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o0 = tfm.merge_heads %c0 : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  %s1 = tfm.matmul %qh, %kh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p1 = tfm.softmax %s1 : tensor<1x2x4x4xf32>
  %c1 = tfm.matmul %p1, %vh transpose_rhs : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o1 = tfm.merge_heads %c1 : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o0, %o1 : tensor<1x4x8xf32>, tensor<1x4x8xf32>
}

