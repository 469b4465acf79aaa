
func.func @matmul_rank(%a: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error@+1 {{expects operands and destination of one rank >= 2}}
  %r = tfmrt.matmul %a, %a into %y : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %r : tensor<8xf32>
}

