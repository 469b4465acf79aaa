
// Not "does not divide the hidden size -9223372036854775808": it is dynamic.
func.func @split_heads_dynamic_hidden(%x: tensor<2x3x?xf32>) {
  // expected-error @+1 {{hidden size must be static, but the input has type 'tensor<2x3x?xf32>'}}
  %0 = tfm.split_heads %x heads 2 : tensor<2x3x?xf32> -> tensor<2x2x3x?xf32>
  return
}

