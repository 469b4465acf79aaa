
// CHECK-LABEL: func.func @patch_embed_mixed
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x4x4xf32> to tensor<2x?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x?x?xf32>
func.func @patch_embed_mixed(%pixels: tensor<?x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> tensor<2x?x?xf32> {
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<?x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<2x?x?xf32>
  return %0 : tensor<2x?x?xf32>
}

