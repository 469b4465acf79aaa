
func.func @cls_token_rank(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{input must have rank 3, but has type 'tensor<2x8xf32>'}}
  %0 = tfm.cls_token %x : tensor<2x8xf32> -> tensor<2xf32>
  return
}

