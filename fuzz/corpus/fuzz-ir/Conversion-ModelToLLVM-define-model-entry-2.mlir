
// Without results, the C interface takes no results' address.

// CHECK-LABEL: llvm.func internal @tfm_model_entry
// CHECK-SAME:    (%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %[[ARGUMENTS:.*]]: !llvm.ptr)
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][0]
// CHECK:         %[[INPUT:.*]] = llvm.load %[[SLOT0]]
// CHECK:         llvm.call @_mlir_ciface_forward(%[[INPUT]]) : (!llvm.ptr) -> ()
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = false}}
llvm.func @_mlir_ciface_forward(!llvm.ptr)

