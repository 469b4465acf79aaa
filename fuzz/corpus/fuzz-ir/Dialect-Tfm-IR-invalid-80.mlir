
func.func @add_element_type(%a: tensor<2x4xf32>, %b: tensor<2x4xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.add %a, %b : (tensor<2x4xf32>, tensor<2x4xf16>) -> tensor<2x4xf32>
  return
}

