
func.func @split_heads_zero_heads(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = tfm.split_heads %x heads 0 : tensor<2x3x8xf32> -> tensor<2x2x3x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.merge_heads
//===----------------------------------------------------------------------===//

