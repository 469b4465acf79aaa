
func.func @patch_embed_image_not_multiple(%p: tensor<1x3x8x10xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{image size 8x10 is not a multiple of the patch size 4}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x10xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

