
func.func @unknown_op(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{custom op 'tfm.foo' is unknown}}
  %0 = tfm.foo %x : tensor<2x4xf32>
  return
}

