
func.func @embedding_element_type(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<2x3xi64> -> tensor<2x3x4xf16>
  return
}

