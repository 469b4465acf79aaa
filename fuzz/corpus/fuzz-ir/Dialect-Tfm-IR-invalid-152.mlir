
func.func @cross_entropy_result_shape(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi64>) {
  // expected-error @+1 {{result type 'tensor<1xf32>' does not match the expected shape 'tensor<f32>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf32>, tensor<2x3xi64>) -> tensor<1xf32>
  return
}

