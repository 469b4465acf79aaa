
// expected-error @+1 {{argument #1 is marked tfmrt.run_context; only the first argument may be the run context}}
func.func @forward(%x: tensor<4xf32>, %context: !llvm.ptr {tfmrt.run_context}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

