
func.func @unknown_op_generic(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{unregistered operation 'tfm.foo' found in dialect ('tfm') that does not allow unknown operations}}
  %0 = "tfm.foo"(%x) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

