
func.func @cross_entropy_mask_shape(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi64>, %mask: tensor<3x2xi1>) {
  // expected-error @+1 {{mask 'tensor<3x2xi1>' must match the leading dimensions of the logits 'tensor<2x3x10xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels mask %mask : (tensor<2x3x10xf32>, tensor<2x3xi64>, tensor<3x2xi1>) -> tensor<f32>
  return
}

