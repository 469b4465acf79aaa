
func.func @cross_entropy_logits_rank(%logits: tensor<6x10xf32>, %labels: tensor<2x3xi64>) {
  // expected-error @+1 {{logits must have rank 3, but has type 'tensor<6x10xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<6x10xf32>, tensor<2x3xi64>) -> tensor<f32>
  return
}

