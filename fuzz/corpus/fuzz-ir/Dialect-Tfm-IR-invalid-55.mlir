
// Without operandSegmentSizes the generic form cannot say whether a third
// operand is the bias or the residual.
func.func @linear_missing_segment_sizes_generic(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{'tfm.linear' op operand count (3) does not match with the total size (0) specified in attribute 'operandSegmentSizes'}}
  %0 = "tfm.linear"(%x, %w, %b) <{layout = #tfm.layout<in_out>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return
}

