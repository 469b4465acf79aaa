
func.func @attention_element_type(%q: tensor<2x3x8xf32>, %kv: tensor<2x3x8xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf16>, tensor<2x3x8xf16>) -> tensor<2x3x8xf32>
  return
}

