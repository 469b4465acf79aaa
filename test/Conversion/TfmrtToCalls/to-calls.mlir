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

// -----

// One declaration serves every call of a kernel.

// CHECK-LABEL: func.func private @tfmrt_attention
// CHECK-SAME:    (!llvm.ptr, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64, f64, i64, i64)
// CHECK-NOT:   func.func private @tfmrt_attention
// CHECK-LABEL: func.func @attention
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[Q:.*]]: memref<2x5x8xf32>, %[[M:.*]]: memref<2x1x1x5xf32>, %[[O:.*]]: memref<2x5x8xf32>)
// CHECK-DAG:   %[[F32:.*]] = arith.constant 0 : i64
// CHECK-DAG:   %[[CAUSAL:.*]] = arith.constant 1 : i64
// CHECK-DAG:   %[[SCALE:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG:   %[[TWO:.*]] = arith.constant 2 : i64
// CHECK:       %[[QU:.*]] = memref.cast %[[Q]]
// CHECK:       %[[MU:.*]] = memref.cast %[[M]]
// CHECK:       call @tfmrt_attention(%[[CTX]], %[[QU]], %{{.*}}, %{{.*}}, %[[MU]], %{{.*}}, %[[TWO]], %[[SCALE]], %[[TWO]], %[[F32]])
// CHECK:       %[[QU2:.*]] = memref.cast %[[Q]]
// CHECK:       call @tfmrt_attention(%[[CTX]], %[[QU2]], %{{.*}}, %{{.*}}, %[[QU2]], %{{.*}}, %[[TWO]], %[[SCALE]], %[[CAUSAL]], %[[F32]])
// `bf16` is the last argument, 1.
// CHECK:       %[[QU3:.*]] = memref.cast %[[Q]]
// CHECK:       call @tfmrt_attention(%[[CTX]], %[[QU3]], %{{.*}}, %{{.*}}, %[[QU3]], %{{.*}}, %[[TWO]], %[[SCALE]], %[[CAUSAL]], %[[CAUSAL]])
func.func @attention(%context: !llvm.ptr {tfmrt.run_context}, %q: memref<2x5x8xf32>, %m: memref<2x1x1x5xf32>, %o: memref<2x5x8xf32>) {
  tfmrt.attention %q, %q, %q mask %m into %o heads 2 scale 5.000000e-01 mask_kind 2 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x1x1x5xf32>, memref<2x5x8xf32>) -> ()
  tfmrt.attention %q, %q, %q into %o heads 2 scale 5.000000e-01 mask_kind 1 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
  tfmrt.attention %q, %q, %q into %o heads 2 scale 5.000000e-01 mask_kind 1 bf16 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
  return
}

// -----

// CHECK-LABEL: func.func @others
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context},
// CHECK:       call @tfmrt_matmul(%[[CTX]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64) -> ()
// CHECK:       call @tfmrt_layer_norm(%[[CTX]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, f64) -> ()
// CHECK:       call @tfmrt_softmax(%[[CTX]], %{{.*}}, %{{.*}}) : (!llvm.ptr, memref<*xf32>, memref<*xf32>) -> ()
func.func @others(%context: !llvm.ptr {tfmrt.run_context}, %a: memref<3x8xf32>, %g: memref<8xf32>, %y: memref<3x8xf32>, %p: memref<3x3xf32>) {
  tfmrt.matmul %a, %a into %p {transpose_rhs} : (memref<3x8xf32>, memref<3x8xf32>, memref<3x3xf32>) -> ()
  tfmrt.layer_norm %a, %g, %g into %y eps 1.0e-05 : (memref<3x8xf32>, memref<8xf32>, memref<8xf32>, memref<3x8xf32>) -> ()
  tfmrt.softmax %a into %y : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  return
}

// -----

// An operation still on tensors cannot become a call.

func.func @not_bufferized(%context: !llvm.ptr {tfmrt.run_context}, %x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  // expected-error@+1 {{tfmrt-to-calls: tfmrt.softmax must be bufferized before it becomes a kernel call}}
  %y = tfmrt.softmax %x into %x : (tensor<3x8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// -----

// A kernel in a region of the function receives the function's run context.

// CHECK-LABEL: func.func @nested
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[X:.*]]: memref<3x8xf32>)
// CHECK:       scf.for
// CHECK:         call @tfmrt_softmax(%[[CTX]], %{{.*}}, %{{.*}})
func.func @nested(%context: !llvm.ptr {tfmrt.run_context}, %x: memref<3x8xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c2 step %c1 {
    tfmrt.softmax %x into %x : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  }
  return
}

// -----

// A kernel needs the run context of its function: without one there is none
// to pass.

func.func @no_run_context(%x: memref<3x8xf32>, %y: memref<3x8xf32>) {
  // expected-error@+1 {{tfmrt-to-calls: tfmrt.softmax is in a function without a tfmrt.run_context argument, so its kernel would have no run context; run tfmrt-add-run-context first}}
  tfmrt.softmax %x into %y : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  return
}

// -----

// A declaration of the kernel with another type (as before the kernels took
// the run context) is refused with both types. (A regression test: the
// pattern built the call's operands before it refused, so the rewrite never
// converged and the pass failed without a message.)

func.func private @tfmrt_softmax(memref<*xf32>, memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @stale_declaration(%context: !llvm.ptr {tfmrt.run_context}, %x: memref<3x8xf32>) {
  // expected-error@+1 {{tfmrt-to-calls: the module declares @tfmrt_softmax as '(memref<*xf32>, memref<*xf32>) -> ()', but the kernel is '(!llvm.ptr, memref<*xf32>, memref<*xf32>) -> ()'}}
  tfmrt.softmax %x into %x : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  return
}
