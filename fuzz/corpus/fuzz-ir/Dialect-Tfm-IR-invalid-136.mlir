
func.func @attention_heads_not_dividing(%q: tensor<2x3x8xf32>) {
  // expected-error @+1 {{number of heads 3 does not divide the hidden size 8}}
  %0 = tfm.attention %q, %q, %q heads 3 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

