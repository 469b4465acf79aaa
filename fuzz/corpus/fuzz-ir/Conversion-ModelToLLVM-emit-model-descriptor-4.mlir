
// expected-error @+1 {{the module has no function @forward to describe}}
module {
  func.func private @forward(tensor<4xf32>) -> tensor<4xf32>
}

