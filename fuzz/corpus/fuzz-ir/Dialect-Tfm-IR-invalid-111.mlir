
func.func @padding_mask_rank(%m: tensor<2x3x4xi64>) {
  // expected-error @+1 {{attention_mask must have rank 2, but has type 'tensor<2x3x4xi64>'}}
  %0 = tfm.padding_mask %m : tensor<2x3x4xi64> -> tensor<2x1x1x4xf32>
  return
}

