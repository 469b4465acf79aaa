
func.func @missing_heads(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{custom op 'tfm.split_heads' expected 'heads'}}
  %0 = tfm.split_heads %x : tensor<2x3x8xf32> -> tensor<2x2x3x4xf32>
  return
}

