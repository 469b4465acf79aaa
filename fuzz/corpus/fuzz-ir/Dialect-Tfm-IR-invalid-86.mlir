
func.func @select_values_no_broadcast(%c: tensor<2x4xi1>, %a: tensor<2x4xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{operands 'tensor<2x4xi1>', 'tensor<2x4xf32>' and 'tensor<2x3xf32>' do not broadcast}}
  %0 = tfm.select %c, %a, %b : (tensor<2x4xi1>, tensor<2x4xf32>, tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

