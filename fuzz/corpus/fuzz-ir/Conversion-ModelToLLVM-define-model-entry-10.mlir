
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 0 : i64, results = false}}
// expected-error @+1 {{a second model entry; the first is @tfm_model_entry}}
llvm.func @other_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 0 : i64, results = false}}
llvm.func @_mlir_ciface_forward()

