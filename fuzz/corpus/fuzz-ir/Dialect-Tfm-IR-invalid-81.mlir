
func.func @add_no_broadcast(%a: tensor<2x4xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{operands 'tensor<2x4xf32>' and 'tensor<3x4xf32>' do not broadcast}}
  %0 = tfm.add %a, %b : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

