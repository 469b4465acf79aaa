
func.func @patch_embed_dynamic_kernel(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x?x?xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{weight must have a static, non-empty square kernel}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x?x?xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return
}

