
func.func @patch_embed_dynamic_width(%p: tensor<1x3x10x?xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels must have static channels and image size, but have type 'tensor<1x3x10x?xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x10x?xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return
}

