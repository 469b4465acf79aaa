
// The mask broadcasts to the scores, not the other way round.
func.func @masked_softmax_mask_rank(%s: tensor<4x4xf32>, %m: tensor<1x4x4xf32>) {
  // expected-error @+1 {{mask 'tensor<1x4x4xf32>' does not broadcast to the scores shape 'tensor<4x4xf32>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<4x4xf32>, tensor<1x4x4xf32>) -> tensor<4x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.attention
//===----------------------------------------------------------------------===//

