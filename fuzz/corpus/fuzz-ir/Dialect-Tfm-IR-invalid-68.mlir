
func.func @gelu_integer(%x: tensor<2x4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2x4xi32>'}}
  %0 = tfm.gelu %x approximate <tanh> : tensor<2x4xi32>
  return
}

