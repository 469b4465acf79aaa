
func.func @masked_softmax_mask_shape(%s: tensor<2x4x4xf32>, %m: tensor<4x3xi1>) {
  // expected-error @+1 {{mask 'tensor<4x3xi1>' does not broadcast to the scores shape 'tensor<2x4x4xf32>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<2x4x4xf32>, tensor<4x3xi1>) -> tensor<2x4x4xf32>
  return
}

