
func.func @attention_missing_scale(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{custom op 'tfm.attention' expected 'scale'}}
  %0 = tfm.attention %x, %x, %x heads 2 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

