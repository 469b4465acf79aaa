
func.func @softmax_rank(%x: tensor<f32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.softmax %x : tensor<f32>
  return
}

