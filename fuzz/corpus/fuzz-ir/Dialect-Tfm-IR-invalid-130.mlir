
func.func @attention_key_rank(%q: tensor<2x3x8xf32>, %k: tensor<2x2x3x4xf32>, %v: tensor<2x3x8xf32>) {
  // expected-error @+1 {{key must have rank 3, but has type 'tensor<2x2x3x4xf32>'}}
  %0 = tfm.attention %q, %k, %v heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x2x3x4xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

