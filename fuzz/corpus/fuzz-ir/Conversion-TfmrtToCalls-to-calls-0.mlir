// RUN: tfm-opt %s --split-input-file --tfmrt-to-calls --verify-diagnostics | FileCheck %s

// Each operation on buffers is a call of its kernel, in the order of its C
// declaration: the enclosing function's run context first, then buffers as
// unranked memrefs, attributes as constants, and absent operands as the
// first input (ignored by the kernel).

// CHECK-LABEL: func.func private @tfmrt_linear
// CHECK-SAME:    (!llvm.ptr, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64)
// CHECK-SAME:    attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @linear
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: memref<?x8xf32>, %[[W:.*]]: memref<4x8xf32>, %[[R:.*]]: memref<?x4xf32, strided<[?, ?], offset: ?>>, %[[Y:.*]]: memref<?x4xf32>)
// CHECK-DAG:   %[[XU:.*]] = memref.cast %[[X]] : memref<?x8xf32> to memref<*xf32>
// CHECK-DAG:   %[[WU:.*]] = memref.cast %[[W]] : memref<4x8xf32> to memref<*xf32>
// CHECK-DAG:   %[[RU:.*]] = memref.cast %[[R]] : memref<?x4xf32, strided<[?, ?], offset: ?>> to memref<*xf32>
// CHECK-DAG:   %[[YU:.*]] = memref.cast %[[Y]] : memref<?x4xf32> to memref<*xf32>
// CHECK-DAG:   %[[FLAGS:.*]] = arith.constant 80 : i64
// CHECK:       call @tfmrt_linear(%[[CTX]], %[[XU]], %[[WU]], %[[XU]], %[[RU]], %[[YU]], %[[FLAGS]])
// CHECK-NOT:   tfmrt.
func.func @linear(%context: !llvm.ptr {tfmrt.run_context}, %x: memref<?x8xf32>, %w: memref<4x8xf32>, %r: memref<?x4xf32, strided<[?, ?], offset: ?>>, %y: memref<?x4xf32>) {
  tfmrt.linear %x, %w residual %r into %y flags 80 : (memref<?x8xf32>, memref<4x8xf32>, memref<?x4xf32, strided<[?, ?], offset: ?>>, memref<?x4xf32>) -> ()
  return
}

