// RUN: tfm-opt %s --split-input-file --verify-diagnostics \
// RUN:   --tfm-emit-model-descriptor="emit-main" | FileCheck %s

// With emit-main, the executable's main runs the driver on the model; like
// tfm_compiled_model it runs before the CPU check, so it is baseline
// x86-64. The default options record the name "model", no CPU (NULL) and
// no features (an array holding only the terminating NULL).

// CHECK-LABEL: llvm.mlir.global private constant @tfm_model_name("model\00")
// CHECK-NOT:   @tfm_target_cpu
// CHECK-LABEL: llvm.mlir.global private constant @tfm_cpu_features() {addr_space = 0 : i32} : !llvm.array<1 x ptr>
// CHECK:         %[[END:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.insertvalue %[[END]], %{{.*}}[0]
// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK:         llvm.mlir.addressof @tfm_model_entry
// CHECK-NEXT:    %[[NO_CPU:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.insertvalue %[[NO_CPU]], %{{.*}}[9]
// CHECK-LABEL: llvm.func @tfmrt_main(i32, !llvm.ptr, !llvm.ptr) -> i32
// CHECK-LABEL: llvm.func @main
// CHECK-SAME:    (%[[ARGC:.*]]: i32, %[[ARGV:.*]]: !llvm.ptr) -> i32
// CHECK-SAME:    attributes {target_cpu = "x86-64", target_features = #llvm.target_features<[]>}
// CHECK:         %[[MODEL:.*]] = llvm.call @tfm_compiled_model() : () -> !llvm.ptr
// CHECK:         %[[CODE:.*]] = llvm.call @tfmrt_main(%[[ARGC]], %[[ARGV]], %[[MODEL]])
// CHECK:         llvm.return %[[CODE]] : i32
func.func @forward(%x: tensor<4xf32> {tfm.name = "x"}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

