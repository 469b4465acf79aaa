
func.func @patch_embed_dynamic_channels(%p: tensor<?x?x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels must have static channels and image size, but have type 'tensor<?x?x8x8xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<?x?x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<?x4x4xf32>
  return
}

