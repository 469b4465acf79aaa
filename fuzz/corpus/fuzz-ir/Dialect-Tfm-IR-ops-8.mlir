
// A rectangular image: 2x3 patches. Channels and image size are static (a
// dynamic one is invalid); the result may leave the patch count dynamic.
// CHECK-LABEL: func.func @patch_embed_rectangular
// CHECK-SAME: (%[[PIX:.*]]: tensor<1x3x8x12xf32>, %[[W:.*]]: tensor<4x3x4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: tfm.patch_embed %[[PIX]], %[[W]], %[[B]] : (tensor<1x3x8x12xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x6x4xf32>
// CHECK: tfm.patch_embed %[[PIX]], %[[W]], %[[B]] : (tensor<1x3x8x12xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
func.func @patch_embed_rectangular(%pixels: tensor<1x3x8x12xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> (tensor<1x6x4xf32>, tensor<1x?x4xf32>) {
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<1x3x8x12xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x6x4xf32>
  %1 = tfm.patch_embed %pixels, %w, %b : (tensor<1x3x8x12xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return %0, %1 : tensor<1x6x4xf32>, tensor<1x?x4xf32>
}

