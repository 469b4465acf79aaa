
func.func @patch_embed_element_type(%p: tensor<1x3x8x8xf16>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f16' and 'f32'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf16>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

