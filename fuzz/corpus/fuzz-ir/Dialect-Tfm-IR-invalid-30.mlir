
func.func @patch_embed_result_shape(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<1x16x4xf32>' does not match the expected shape 'tensor<1x4x4xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x16x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.prepend_cls
//===----------------------------------------------------------------------===//

