// RUN: tfm-opt %s --split-input-file --tfmrt-heap-to-llvm | FileCheck %s

// tfmrt.alloc: the byte size from the sizes, a call of tfmrt_alloc with the
// context and the alignment, and a descriptor whose allocated and aligned
// pointers are both the returned one. tfmrt.dealloc: a call of tfmrt_free
// with the allocated pointer. (heap-to-llvm-invalid.mlir: what is refused.)

// CHECK-DAG:   llvm.func @tfmrt_alloc(!llvm.ptr, i64, i64) -> !llvm.ptr
// CHECK-DAG:   llvm.func @tfmrt_free(!llvm.ptr, !llvm.ptr)
// CHECK-LABEL: func.func @heap
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[N:.*]]: index,
// CHECK:       %[[ROWS:.*]] = builtin.unrealized_conversion_cast %[[N]] : index to i64
// CHECK:       %[[BYTES:.*]] = llvm.ptrtoint
// CHECK:       %[[ALIGN:.*]] = llvm.mlir.constant(128 : i64) : i64
// CHECK:       %[[P:.*]] = llvm.call @tfmrt_alloc(%[[CTX]], %[[ALIGN]], %[[BYTES]]) : (!llvm.ptr, i64, i64) -> !llvm.ptr
// CHECK:       %[[D0:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK:       %[[D1:.*]] = llvm.insertvalue %[[P]], %[[D0]][0]
// CHECK:       llvm.insertvalue %[[P]], %[[D1]][1]
// CHECK:       llvm.insertvalue %[[ROWS]], %{{.*}}[3, 0]
// CHECK:       %[[D:.*]] = llvm.insertvalue %{{.*}}[4, 1]
// CHECK:       %[[B:.*]] = builtin.unrealized_conversion_cast %[[D]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<?x8xf32>
// CHECK:       memref.store %{{.*}}, %[[B]]
// CHECK:       %[[A:.*]] = llvm.extractvalue %[[D]][0]
// CHECK:       llvm.call @tfmrt_free(%[[CTX]], %[[A]]) : (!llvm.ptr, !llvm.ptr) -> ()
func.func @heap(%context: !llvm.ptr {tfmrt.run_context}, %n: index, %value: f32, %i: index) {
  %buffer = tfmrt.alloc %context(%n) {alignment = 128 : i64} : memref<?x8xf32>
  memref.store %value, %buffer[%i, %i] : memref<?x8xf32>
  tfmrt.dealloc %context, %buffer : memref<?x8xf32>
  return
}

// -----

// Without an alignment the runtime's own (64 bytes) applies: 0 is passed.

// CHECK-LABEL: func.func @unaligned
// CHECK:       %[[ALIGN:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK:       llvm.call @tfmrt_alloc(%{{.*}}, %[[ALIGN]], %{{.*}})
func.func @unaligned(%context: !llvm.ptr {tfmrt.run_context}) -> memref<4xf32> {
  %buffer = tfmrt.alloc %context() : memref<4xf32>
  return %buffer : memref<4xf32>
}
