
func.func @patch_embed_non_square_kernel(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x4x2xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{weight must have a static, non-empty square kernel [D, C, P, P], but has type 'tensor<4x3x4x2xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x4x2xf32>, tensor<4xf32>) -> tensor<1x8x4xf32>
  return
}

