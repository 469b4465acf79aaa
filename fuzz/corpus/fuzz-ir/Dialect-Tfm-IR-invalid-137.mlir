
// Not "does not divide the hidden size -9223372036854775808": it is dynamic.
func.func @attention_dynamic_hidden(%q: tensor<2x3x?xf32>) {
  // expected-error @+1 {{hidden size must be static, but the query has type 'tensor<2x3x?xf32>'}}
  %0 = tfm.attention %q, %q, %q heads 2 scale 1.0 : (tensor<2x3x?xf32>, tensor<2x3x?xf32>, tensor<2x3x?xf32>) -> tensor<2x3x?xf32>
  return
}

