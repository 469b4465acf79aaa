
// A 0x0 patch-embedding kernel is a verifier error, not a crash of the
// verifier on a division by zero (SIGFPE, exit code 136).
// SPLIT: within split at {{.*}}exit-code.mlir:1 offset :[[#@LINE-8]]:8: error: 'tfm.param' op requires a non-empty parameter name
// SPLIT: within split at {{.*}}exit-code.mlir:{{[0-9]+}} offset :{{[0-9]+}}:8: error: 'tfm.patch_embed' op weight must have a static, non-empty square kernel [D, C, P, P], but has type 'tensor<4x3x0x0xf32>'
func.func @empty_patch_kernel(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x0xf32>, %b: tensor<4xf32>) {
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x0x0xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

