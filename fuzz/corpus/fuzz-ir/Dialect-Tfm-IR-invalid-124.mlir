
func.func @masked_softmax_result_type(%s: tensor<2x4x4xf32>, %m: tensor<4x4xi1>) {
  // expected-error @+1 {{result type 'tensor<2x4x?xf32>' must equal the scores type 'tensor<2x4x4xf32>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<2x4x4xf32>, tensor<4x4xi1>) -> tensor<2x4x?xf32>
  return
}

