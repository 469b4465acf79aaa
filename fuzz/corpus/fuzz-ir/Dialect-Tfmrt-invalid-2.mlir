
func.func @tensor_without_result(%x: tensor<3x8xf32>, %y: tensor<3x8xf32>) {
  // expected-error@+1 {{on tensors has one result, of the destination's type 'tensor<3x8xf32>'}}
  tfmrt.softmax %x into %y : (tensor<3x8xf32>, tensor<3x8xf32>) -> ()
  return
}

