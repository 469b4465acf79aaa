
func.func @attention_query_rank(%q: tensor<3x8xf32>, %kv: tensor<2x3x8xf32>) {
  // expected-error @+1 {{query must have rank 3, but has type 'tensor<3x8xf32>'}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<3x8xf32>
  return
}

