
func.func @patch_embed_weight_rank(%p: tensor<1x3x8x8xf32>, %w: tensor<4x48xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{weight must have rank 4, but has type 'tensor<4x48xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x48xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

