
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = true, descriptors = 1 : i64, results = true}}
// expected-error @+1 {{@_mlir_ciface_forward has type '!llvm.func<void (ptr, ptr)>'; the model entry passes 3 pointers (the results, the context, 1 descriptor) and expects no result}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr)

