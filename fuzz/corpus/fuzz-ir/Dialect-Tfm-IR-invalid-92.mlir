
func.func @matmul_rank_one(%a: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{operands must have the same rank, at least 2, but have types 'tensor<3xf32>' and 'tensor<3xf32>'}}
  %0 = tfm.matmul %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return
}

