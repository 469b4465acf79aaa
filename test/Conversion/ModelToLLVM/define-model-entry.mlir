// RUN: tfm-opt %s --split-input-file --verify-diagnostics --tfm-define-model-entry | FileCheck %s

// The entry loads each input's descriptor pointer from `arguments` and calls
// the C interface with the results' address first and, last, the address of
// the weights' descriptor pointers, which follow the inputs' in `arguments`
// (tfm-load-weights-from-table); it becomes internal and loses its mark.

// CHECK-LABEL: llvm.func internal @tfm_model_entry
// CHECK-SAME:    (%[[RESULTS:.*]]: !llvm.ptr, %[[CONTEXT:.*]]: !llvm.ptr, %[[ARGUMENTS:.*]]: !llvm.ptr)
// CHECK-NOT:     tfm.model_entry
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[INPUT0:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[SLOT1:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:         %[[INPUT1:.*]] = llvm.load %[[SLOT1]] : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[WEIGHTS:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NOT:     llvm.load
// CHECK:         llvm.call @_mlir_ciface_forward(%[[RESULTS]], %[[INPUT0]], %[[INPUT1]], %[[WEIGHTS]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// CHECK:         llvm.return
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 2 : i64, results = true, weights = 3 : i64}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr)

// -----

// Without weights, no table is passed.

// CHECK-LABEL: llvm.func internal @tfm_model_entry
// CHECK-SAME:    (%[[RESULTS:.*]]: !llvm.ptr, %[[CONTEXT:.*]]: !llvm.ptr, %[[ARGUMENTS:.*]]: !llvm.ptr)
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][0]
// CHECK:         %[[INPUT:.*]] = llvm.load %[[SLOT0]]
// CHECK:         llvm.call @_mlir_ciface_forward(%[[RESULTS]], %[[INPUT]]) : (!llvm.ptr, !llvm.ptr) -> ()
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = true, weights = 0 : i64}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr)

// -----

// A @forward that takes the run context gets it after the results.

// CHECK-LABEL: llvm.func internal @tfm_model_entry
// CHECK-SAME:    (%[[RESULTS:.*]]: !llvm.ptr, %[[CONTEXT:.*]]: !llvm.ptr, %[[ARGUMENTS:.*]]: !llvm.ptr)
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][0]
// CHECK:         %[[INPUT:.*]] = llvm.load %[[SLOT0]]
// CHECK:         llvm.call @_mlir_ciface_forward(%[[RESULTS]], %[[CONTEXT]], %[[INPUT]])
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = true, descriptors = 1 : i64, results = true, weights = 0 : i64}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr, !llvm.ptr)

// -----

// Without results, the C interface takes no results' address.

// CHECK-LABEL: llvm.func internal @tfm_model_entry
// CHECK-SAME:    (%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %[[ARGUMENTS:.*]]: !llvm.ptr)
// CHECK:         %[[SLOT0:.*]] = llvm.getelementptr inbounds %[[ARGUMENTS]][0]
// CHECK:         %[[INPUT:.*]] = llvm.load %[[SLOT0]]
// CHECK:         llvm.call @_mlir_ciface_forward(%[[INPUT]]) : (!llvm.ptr) -> ()
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = false, weights = 0 : i64}}
llvm.func @_mlir_ciface_forward(!llvm.ptr)

// -----

// A module without a marked entry (no description) is left as it is.

// CHECK-LABEL: llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-NOT:   llvm.call
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
llvm.func @_mlir_ciface_forward(!llvm.ptr)

// -----

// expected-error @+1 {{the model entry calls @_mlir_ciface_forward, which the module does not define; lower @forward (with llvm.emit_c_interface) to the LLVM dialect first}}
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = true, weights = 0 : i64}}

// -----

llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = true, descriptors = 1 : i64, results = true, weights = 0 : i64}}
// expected-error @+1 {{@_mlir_ciface_forward has type '!llvm.func<void (ptr, ptr)>'; the model entry passes 3 pointers (the results, the context, 1 descriptor) and expects no result}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr)

// -----

llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = false, weights = 0 : i64}}
// expected-error @+1 {{@_mlir_ciface_forward has type '!llvm.func<void (i64)>'; the model entry passes 1 pointer (1 descriptor) and expects no result}}
llvm.func @_mlir_ciface_forward(i64)

// -----

llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = false, weights = 0 : i64}}
// expected-error @+1 {{@_mlir_ciface_forward has type '!llvm.func<f32 (ptr)>'; the model entry passes 1 pointer (1 descriptor) and expects no result}}
llvm.func @_mlir_ciface_forward(!llvm.ptr) -> f32

// -----

// expected-error @+1 {{the model entry's tfm.model_entry is {descriptors = 1 : i64}; expected {results = <bool>, context = <bool>, descriptors = <count>, weights = <count>}}}
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {descriptors = 1 : i64}}
llvm.func @_mlir_ciface_forward(!llvm.ptr)

// -----

// expected-error @+1 {{the model entry's tfm.model_entry is {context = false, descriptors = 1 : i64, results = true}; expected {results = <bool>, context = <bool>, descriptors = <count>, weights = <count>}}}
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = true}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr)

// -----

// The C interface must take the weights' table after the descriptors.
llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = false, weights = 2 : i64}}
// expected-error @+1 {{@_mlir_ciface_forward has type '!llvm.func<void (ptr, ptr, ptr)>'; the model entry passes 2 pointers (1 descriptor, the weights' table) and expects no result}}
llvm.func @_mlir_ciface_forward(!llvm.ptr, !llvm.ptr, !llvm.ptr)

// -----

// expected-error @+1 {{the model entry already has a body}}
llvm.func @tfm_model_entry(%results: !llvm.ptr, %context: !llvm.ptr, %arguments: !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 0 : i64, results = false, weights = 0 : i64}} {
  llvm.return
}
llvm.func @_mlir_ciface_forward()

// -----

llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 0 : i64, results = false, weights = 0 : i64}}
// expected-error @+1 {{a second model entry; the first is @tfm_model_entry}}
llvm.func @other_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr) attributes {tfm.model_entry = {context = false, descriptors = 0 : i64, results = false, weights = 0 : i64}}
llvm.func @_mlir_ciface_forward()
