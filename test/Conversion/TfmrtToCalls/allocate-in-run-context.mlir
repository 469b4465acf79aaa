// RUN: tfm-opt %s --split-input-file --tfmrt-allocate-in-run-context --verify-diagnostics | FileCheck %s

// Buffers of a function with a run context come from it; alignment and
// dynamic sizes are kept, stack buffers stay on the stack.

// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[N:.*]]: index)
// CHECK:       %[[B:.*]] = tfmrt.alloc %[[CTX]](%[[N]]) {alignment = 64 : i64} : memref<?x8xf32>
// CHECK:       %[[S:.*]] = memref.alloca() : memref<4xf32>
// CHECK:       memref.copy %[[S]], %[[S]]
// CHECK:       memref.store %{{.*}}, %[[B]]
// CHECK:       tfmrt.dealloc %[[CTX]], %[[B]] : memref<?x8xf32>
// CHECK-NOT:   memref.alloc(
// CHECK-NOT:   memref.dealloc
func.func @forward(%context: !llvm.ptr {tfmrt.run_context}, %n: index) {
  %buffer = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  %stack = memref.alloca() : memref<4xf32>
  memref.copy %stack, %stack : memref<4xf32> to memref<4xf32>
  %zero = arith.constant 0.0 : f32
  memref.store %zero, %buffer[%n, %n] : memref<?x8xf32>
  memref.dealloc %buffer : memref<?x8xf32>
  return
}

// -----

// Inside a sequential loop the run can still end cleanly.

// CHECK-LABEL: func.func @in_loop
// CHECK:       scf.for
// CHECK:         %[[B:.*]] = tfmrt.alloc %{{.*}}() : memref<8xf32>
// CHECK:         tfmrt.dealloc %{{.*}}, %[[B]] : memref<8xf32>
func.func @in_loop(%context: !llvm.ptr {tfmrt.run_context}, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %buffer = memref.alloc() : memref<8xf32>
    memref.dealloc %buffer : memref<8xf32>
  }
  return
}

// -----

// A thread of a parallel loop cannot end the run: an allocation there is
// refused at compile time.

func.func @in_forall(%context: !llvm.ptr {tfmrt.run_context}, %n: index) {
  scf.forall (%i) in (%n) {
    // expected-error@+1 {{tfmrt-allocate-in-run-context: cannot allocate 'memref<8xf32>' in a parallel loop, whose threads cannot end the run when memory is out}}
    %buffer = memref.alloc() : memref<8xf32>
    memref.dealloc %buffer : memref<8xf32>
  }
  return
}

// -----

func.func @in_parallel(%context: !llvm.ptr {tfmrt.run_context}, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    // expected-error@+1 {{tfmrt-allocate-in-run-context: cannot allocate 'memref<8xf32>' in a parallel loop, whose threads cannot end the run when memory is out}}
    %buffer = memref.alloc() : memref<8xf32>
    memref.dealloc %buffer : memref<8xf32>
  }
  return
}

// -----

// Without a run context there is nothing to allocate from.

func.func @no_context(%n: index) -> memref<?xf32> {
  // expected-error@+1 {{tfmrt-allocate-in-run-context: cannot allocate 'memref<?xf32>' in a function without a tfmrt.run_context argument}}
  %buffer = memref.alloc(%n) : memref<?xf32>
  return %buffer : memref<?xf32>
}

// -----

func.func @free_without_context(%buffer: memref<8xf32>) {
  // expected-error@+1 {{tfmrt-allocate-in-run-context: cannot free a buffer in a function without a tfmrt.run_context argument}}
  memref.dealloc %buffer : memref<8xf32>
  return
}

// -----

// The runtime builds identity-layout buffers only.

func.func @strided(%context: !llvm.ptr {tfmrt.run_context}) -> memref<4x4xf32, strided<[8, 1]>> {
  // expected-error@+1 {{tfmrt-allocate-in-run-context: cannot allocate 'memref<4x4xf32, strided<[8, 1]>>' with a layout other than the identity}}
  %buffer = memref.alloc() : memref<4x4xf32, strided<[8, 1]>>
  return %buffer : memref<4x4xf32, strided<[8, 1]>>
}
