
func.func @split_heads_rank(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{input must have rank 3, but has type 'tensor<2x8xf32>'}}
  %0 = tfm.split_heads %x heads 2 : tensor<2x8xf32> -> tensor<2x2x4xf32>
  return
}

