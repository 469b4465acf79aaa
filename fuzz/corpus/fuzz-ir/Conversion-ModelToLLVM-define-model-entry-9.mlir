
// expected-error @+1 {{the model entry already has a body}}
llvm.func @tfm_model_entry(%results: !llvm.ptr, %context: !llvm.ptr, %arguments: !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 0 : i64, results = false}} {
  llvm.return
}
llvm.func @_mlir_ciface_forward()

