
func.func @linear_missing_layout_generic(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfm.linear' op requires attribute 'layout'}}
  %0 = "tfm.linear"(%x, %w) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>}> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return
}

