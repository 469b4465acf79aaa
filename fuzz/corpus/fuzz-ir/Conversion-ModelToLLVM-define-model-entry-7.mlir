
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = false}}
// expected-error @+1 {{@_mlir_ciface_forward has type '!llvm.func<f32 (ptr)>'; the model entry passes 1 pointer (1 descriptor) and expects no result}}
llvm.func @_mlir_ciface_forward(!llvm.ptr) -> f32

