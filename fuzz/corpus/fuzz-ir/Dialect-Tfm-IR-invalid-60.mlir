
func.func @layer_norm_element_type(%x: tensor<2x4xf32>, %g: tensor<4xf16>, %b: tensor<4xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.layer_norm %x, %g, %b eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf16>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

