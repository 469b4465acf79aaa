
func.func @causal_mask_float(%t: index) {
  // expected-error @+1 {{result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4x4xf32>'}}
  %0 = tfm.causal_mask %t : tensor<4x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.padding_mask
//===----------------------------------------------------------------------===//

