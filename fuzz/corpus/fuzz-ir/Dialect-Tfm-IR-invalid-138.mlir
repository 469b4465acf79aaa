
func.func @attention_result_type(%q: tensor<2x3x8xf32>, %kv: tensor<2x5x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x5x8xf32>' must equal the query type 'tensor<2x3x8xf32>'}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return
}

