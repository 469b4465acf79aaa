
func.func @cross_entropy_labels_rank(%logits: tensor<2x3x10xf32>, %labels: tensor<6xi64>) {
  // expected-error @+1 {{labels must have rank 2, but has type 'tensor<6xi64>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf32>, tensor<6xi64>) -> tensor<f32>
  return
}

