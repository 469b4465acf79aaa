
func.func @cross_entropy_labels_shape(%logits: tensor<2x3x10xf32>, %labels: tensor<2x4xi64>) {
  // expected-error @+1 {{labels 'tensor<2x4xi64>' must match the leading dimensions of the logits 'tensor<2x3x10xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf32>, tensor<2x4xi64>) -> tensor<f32>
  return
}

