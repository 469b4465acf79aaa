
func.func @masked_softmax_rank(%s: tensor<f32>, %m: tensor<i1>) {
  // expected-error @+1 {{scores must have rank at least 1}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<f32>, tensor<i1>) -> tensor<f32>
  return
}

