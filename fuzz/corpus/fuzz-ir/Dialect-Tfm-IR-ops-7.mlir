
// CHECK-LABEL: func.func @patch_embed
// CHECK-SAME: (%[[PIX:.*]]: tensor<?x3x8x8xf32>, %[[W:.*]]: tensor<4x3x4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: tfm.patch_embed %[[PIX]], %[[W]], %[[B]] : (tensor<?x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<?x4x4xf32>
func.func @patch_embed(%pixels: tensor<?x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> tensor<?x4x4xf32> {
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<?x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<?x4x4xf32>
  return %0 : tensor<?x4x4xf32>
}

