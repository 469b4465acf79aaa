
func.func @matmul_rank_mismatch(%a: tensor<2x2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{operands must have the same rank, at least 2, but have types 'tensor<2x2x3xf32>' and 'tensor<3x4xf32>'}}
  %0 = tfm.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x4xf32>) -> tensor<2x2x4xf32>
  return
}

