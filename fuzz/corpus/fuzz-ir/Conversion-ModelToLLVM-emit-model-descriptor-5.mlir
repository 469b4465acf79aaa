
// expected-error @+1 {{the module already has a symbol @tfm_compiled_model, which the model's description defines}}
module {
  func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
  llvm.func @tfm_compiled_model() -> !llvm.ptr
}

