
func.func @unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{custom op 'tfm.softmax' invalid kind of type specified}}
  %0 = tfm.softmax %x : tensor<*xf32>
  return
}

