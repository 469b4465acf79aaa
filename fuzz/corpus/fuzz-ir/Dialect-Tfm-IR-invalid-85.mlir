
func.func @select_element_type(%c: tensor<2x4xi1>, %a: tensor<2x4xf32>, %b: tensor<f16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.select %c, %a, %b : (tensor<2x4xi1>, tensor<2x4xf32>, tensor<f16>) -> tensor<2x4xf32>
  return
}

