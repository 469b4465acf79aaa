
func.func @merge_heads_result_shape(%x: tensor<2x2x3x4xf32>) {
  // expected-error @+1 {{result type 'tensor<2x3x4xf32>' does not match the expected shape 'tensor<2x3x8xf32>'}}
  %0 = tfm.merge_heads %x : tensor<2x2x3x4xf32> -> tensor<2x3x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.causal_mask
//===----------------------------------------------------------------------===//

