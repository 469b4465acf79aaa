
func.func @cross_entropy_mask_float(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi64>, %mask: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #2 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels mask %mask : (tensor<2x3x10xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<f32>
  return
}

