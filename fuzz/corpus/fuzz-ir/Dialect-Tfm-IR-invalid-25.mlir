
func.func @patch_embed_bias_shape(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{bias must have 4 elements, but has type 'tensor<5xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<5xf32>) -> tensor<1x4x4xf32>
  return
}

