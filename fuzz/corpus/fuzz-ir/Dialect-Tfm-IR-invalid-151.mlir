
func.func @cross_entropy_float_labels(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf32>, tensor<2x3xf32>) -> tensor<f32>
  return
}

