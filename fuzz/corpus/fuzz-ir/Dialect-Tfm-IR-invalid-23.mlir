
// A 0x0 kernel is refused before the verifier divides by its size (SIGFPE).
func.func @patch_embed_empty_kernel(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x0xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{weight must have a static, non-empty square kernel [D, C, P, P], but has type 'tensor<4x3x0x0xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x0x0xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

