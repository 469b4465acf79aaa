
func.func @attention_value_rank(%q: tensor<2x3x8xf32>, %v: tensor<3x8xf32>) {
  // expected-error @+1 {{value must have rank 3, but has type 'tensor<3x8xf32>'}}
  %0 = tfm.attention %q, %q, %v heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<3x8xf32>) -> tensor<2x3x8xf32>
  return
}

