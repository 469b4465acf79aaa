
// expected-error @+1 {{the module already has a symbol @tfmrt_main, which is not libtfmrt's int tfmrt_main(int, char **, const tfm_model *)}}
module {
  func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
  llvm.func @tfmrt_main(i32) -> i32
}

