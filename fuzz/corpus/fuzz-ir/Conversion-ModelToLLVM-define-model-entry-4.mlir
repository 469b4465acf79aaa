
// expected-error @+1 {{the model entry calls @_mlir_ciface_forward, which the module does not define; lower @forward (with llvm.emit_c_interface) to the LLVM dialect first}}
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = true}}

