
// Nothing to describe without @forward.

// expected-error @+1 {{the module has no function @forward to describe}}
module {
  func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

