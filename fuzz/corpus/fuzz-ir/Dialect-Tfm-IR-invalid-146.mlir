
func.func @cross_entropy_element_type(%logits: tensor<2x3x10xf16>, %labels: tensor<2x3xi64>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f16' and 'f32'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf16>, tensor<2x3xi64>) -> tensor<f32>
  return
}

