// RUN: tfm-opt %s --split-input-file --tfm-to-linalg --verify-diagnostics

// What tfm-to-linalg refuses. The dialect accepts a dynamic image size for
// tfm.patch_embed, but the lowering needs static channels and image size to
// build its reshapes, so the conversion fails on that op.

func.func @patch_embed_dynamic_height(%pixels: tensor<1x3x?x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> tensor<1x?x4xf32> {
  // expected-error @+1 {{failed to legalize operation 'tfm.patch_embed' that was explicitly marked illegal}}
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<1x3x?x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return %0 : tensor<1x?x4xf32>
}
