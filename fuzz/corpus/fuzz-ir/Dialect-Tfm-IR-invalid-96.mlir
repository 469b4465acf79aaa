
// With transpose_rhs the contraction is over the last dimension of rhs.
func.func @matmul_contraction_transpose_rhs(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{contraction dimensions differ: 3 vs 5}}
  %0 = tfm.matmul %a, %b transpose_rhs : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x3xf32>
  return
}

