
func.func @attention_hidden(%q: tensor<2x3x8xf32>, %kv: tensor<2x3x4xf32>) {
  // expected-error @+1 {{query 'tensor<2x3x8xf32>' and key 'tensor<2x3x4xf32>' must agree in batch and hidden size}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x8xf32>
  return
}

