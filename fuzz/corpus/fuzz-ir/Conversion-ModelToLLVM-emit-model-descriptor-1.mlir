
// A first argument marked tfmrt.run_context is the run context: the entry
// passes it on and it is not an input, so the inputs are numbered and named
// without it (input0). Unnamed outputs are output<i>. No weights: the table
// pointer is null.

// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%{{.*}}: !llvm.ptr {tfmrt.run_context}, %{{.*}}: tensor<?x4xf32>)
// CHECK-LABEL: llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-SAME:    attributes {tfm.model_entry = {context = true, descriptors = 1 : i64, results = true}}
// CHECK-DAG:   llvm.mlir.global private constant @tfm_inputs_0_name("input0\00")
// CHECK-DAG:   llvm.mlir.global private constant @tfm_outputs_0_name("output0\00")
// CHECK-NOT:   @tfm_params
// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK:         %[[NO_WEIGHTS:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         %[[NO_TABLE:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.insertvalue %[[NO_WEIGHTS]], %{{.*}}[6]
// CHECK:         llvm.insertvalue %[[NO_TABLE]], %{{.*}}[7]
func.func @forward(%context: !llvm.ptr {tfmrt.run_context}, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

