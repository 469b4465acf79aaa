
func.func @select_condition_no_broadcast(%c: tensor<3x3xi1>, %a: tensor<2x2x4x4xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{operands 'tensor<3x3xi1>', 'tensor<2x2x4x4xf32>' and 'tensor<f32>' do not broadcast}}
  %0 = tfm.select %c, %a, %b : (tensor<3x3xi1>, tensor<2x2x4x4xf32>, tensor<f32>) -> tensor<2x2x4x4xf32>
  return
}

