
func.func @patch_embed_channels(%p: tensor<1x1x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels have 1 channels but the weight expects 3}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x1x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

