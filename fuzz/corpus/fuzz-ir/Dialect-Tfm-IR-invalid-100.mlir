
func.func @split_heads_not_dividing(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{number of heads 3 does not divide the hidden size 8}}
  %0 = tfm.split_heads %x heads 3 : tensor<2x3x8xf32> -> tensor<2x3x3x2xf32>
  return
}

