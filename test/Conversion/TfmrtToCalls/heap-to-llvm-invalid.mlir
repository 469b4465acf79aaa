// RUN: not tfm-opt %s --tfmrt-heap-to-llvm 2>&1 | FileCheck %s

// A buffer in a memory space LLVM has no address space for is not lowered.

// CHECK: error: failed to legalize operation 'tfmrt.alloc' that was explicitly marked illegal
// CHECK-NEXT: %buffer = tfmrt.alloc %context() : memref<4xf32, "device">
func.func @no_address_space(%context: !llvm.ptr {tfmrt.run_context}) -> memref<4xf32, "device"> {
  %buffer = tfmrt.alloc %context() : memref<4xf32, "device">
  return %buffer : memref<4xf32, "device">
}
