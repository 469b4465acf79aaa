
// A @forward that takes the run context gets it after the results.

// CHECK-LABEL: llvm.func internal @tfm_model_entry
// CHECK-SAME:    (%[[RESULTS:.*]]: !llvm.ptr, %[[CONTEXT:.*]]: !llvm.ptr, %[[ARGUMENTS:.*]]: !llvm.ptr)
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][0]
// CHECK:         %[[INPUT:.*]] = llvm.load %[[SLOT0]]
// CHECK:         llvm.call @_mlir_ciface_forward(%[[RESULTS]], %[[CONTEXT]], %[[INPUT]])
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = true, descriptors = 1 : i64, results = true}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr, !llvm.ptr)

