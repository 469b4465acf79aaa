
// expected-error @+1 {{the model entry's tfm.model_entry is {descriptors = 1 : i64}; expected {results = <bool>, context = <bool>, descriptors = <count>}}}
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {descriptors = 1 : i64}}
llvm.func @_mlir_ciface_forward(!llvm.ptr)

