
func.func @weight_rank(%x: tensor<3x8xf32>, %w: tensor<8xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{expects input and destination of one rank >= 1, a rank-2 weight}}
  %r = tfmrt.linear %x, %w into %y flags 0 : (tensor<3x8xf32>, tensor<8xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

