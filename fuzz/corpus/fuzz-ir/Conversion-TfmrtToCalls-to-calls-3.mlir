
// An operation still on tensors cannot become a call.

func.func @not_bufferized(%context: !llvm.ptr {tfmrt.run_context}, %x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  // expected-error@+1 {{tfmrt-to-calls: tfmrt.softmax must be bufferized before it becomes a kernel call}}
  %y = tfmrt.softmax %x into %x : (tensor<3x8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

