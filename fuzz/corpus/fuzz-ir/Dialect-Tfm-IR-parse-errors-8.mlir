
func.func @attention_missing_heads(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{custom op 'tfm.attention' expected 'heads'}}
  %0 = tfm.attention %x, %x, %x scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

