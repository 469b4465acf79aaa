
func.func @attention_key_value_shape(%q: tensor<2x3x8xf32>, %k: tensor<2x5x8xf32>, %v: tensor<2x4x8xf32>) {
  // expected-error @+1 {{key 'tensor<2x5x8xf32>' and value 'tensor<2x4x8xf32>' must have the same shape}}
  %0 = tfm.attention %q, %k, %v heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x4x8xf32>) -> tensor<2x3x8xf32>
  return
}

