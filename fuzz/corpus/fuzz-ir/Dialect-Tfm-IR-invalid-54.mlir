
func.func @linear_two_biases_generic(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{operand group starting at #2 requires 0 or 1 element, but found 2}}
  %0 = "tfm.linear"(%x, %w, %b, %b) <{layout = #tfm.layout<in_out>, operandSegmentSizes = array<i32: 1, 1, 2, 0>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return
}

