
// A module without a marked entry (no description) is left as it is.

// CHECK-LABEL: llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-NOT:   llvm.call
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
llvm.func @_mlir_ciface_forward(!llvm.ptr)

