
func.func @patch_embed_pixels_rank(%p: tensor<3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels must have rank 4, but has type 'tensor<3x8x8xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

