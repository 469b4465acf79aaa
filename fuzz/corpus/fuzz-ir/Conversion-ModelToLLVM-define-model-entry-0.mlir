// RUN: tfm-opt %s --split-input-file --verify-diagnostics --tfm-define-model-entry | FileCheck %s

// The entry loads each descriptor pointer from `arguments` and calls the C
// interface with the results' address first; it becomes internal and loses
// its mark.

// CHECK-LABEL: llvm.func internal @tfm_model_entry
// CHECK-SAME:    (%[[RESULTS:.*]]: !llvm.ptr, %[[CONTEXT:.*]]: !llvm.ptr, %[[ARGUMENTS:.*]]: !llvm.ptr)
// CHECK-NOT:     tfm.model_entry
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[INPUT:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[SLOT1:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[WEIGHT:.*]] = llvm.load %[[SLOT1]] : !llvm.ptr -> !llvm.ptr
// CHECK:         llvm.call @_mlir_ciface_forward(%[[RESULTS]], %[[INPUT]], %[[WEIGHT]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// CHECK:         llvm.return
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 2 : i64, results = true}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr, !llvm.ptr)

