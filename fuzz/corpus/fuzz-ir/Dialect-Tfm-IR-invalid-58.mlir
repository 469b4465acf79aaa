
func.func @linear_residual_element_type(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf16>) {
  // expected-error @+1 {{residual 'tensor<2x6xf16>' must have exactly the result type 'tensor<2x6xf32>'}}
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf16>) -> tensor<2x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.layer_norm
//===----------------------------------------------------------------------===//

