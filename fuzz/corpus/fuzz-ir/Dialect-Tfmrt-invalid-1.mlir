
func.func @mixed(%x: tensor<3x8xf32>, %y: memref<3x8xf32>) {
  // expected-error@+1 {{operands must be all tensors or all buffers}}
  tfmrt.softmax %x into %y : (tensor<3x8xf32>, memref<3x8xf32>) -> ()
  return
}

