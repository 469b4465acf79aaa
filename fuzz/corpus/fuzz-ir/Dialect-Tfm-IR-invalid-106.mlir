
func.func @merge_heads_dynamic_heads(%x: tensor<2x?x3x4xf32>) {
  // expected-error @+1 {{heads and head size must be static, but the input has type 'tensor<2x?x3x4xf32>'}}
  %0 = tfm.merge_heads %x : tensor<2x?x3x4xf32> -> tensor<2x3x?xf32>
  return
}

