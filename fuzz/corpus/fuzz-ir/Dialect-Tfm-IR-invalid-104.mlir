
func.func @merge_heads_rank(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{input must have rank 4, but has type 'tensor<2x3x8xf32>'}}
  %0 = tfm.merge_heads %x : tensor<2x3x8xf32> -> tensor<2x3x8xf32>
  return
}

