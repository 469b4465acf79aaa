// RUN: tfm-opt %s --split-input-file --tfmrt-to-calls --verify-diagnostics | FileCheck %s

// Each operation on buffers is a call of its kernel, in the order of its C
// declaration; buffers cross as unranked memrefs, attributes as constants,
// and absent operands as the first input (ignored by the kernel).

// CHECK-LABEL: func.func private @tfmrt_linear
// CHECK-SAME:    (memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64)
// CHECK-SAME:    attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @linear
// CHECK-SAME:    (%[[X:.*]]: memref<?x8xf32>, %[[W:.*]]: memref<4x8xf32>, %[[R:.*]]: memref<?x4xf32, strided<[?, ?], offset: ?>>, %[[Y:.*]]: memref<?x4xf32>)
// CHECK-DAG:   %[[XU:.*]] = memref.cast %[[X]] : memref<?x8xf32> to memref<*xf32>
// CHECK-DAG:   %[[WU:.*]] = memref.cast %[[W]] : memref<4x8xf32> to memref<*xf32>
// CHECK-DAG:   %[[RU:.*]] = memref.cast %[[R]] : memref<?x4xf32, strided<[?, ?], offset: ?>> to memref<*xf32>
// CHECK-DAG:   %[[YU:.*]] = memref.cast %[[Y]] : memref<?x4xf32> to memref<*xf32>
// CHECK-DAG:   %[[FLAGS:.*]] = arith.constant 80 : i64
// CHECK:       call @tfmrt_linear(%[[XU]], %[[WU]], %[[XU]], %[[RU]], %[[YU]], %[[FLAGS]])
// CHECK-NOT:   tfmrt.
func.func @linear(%x: memref<?x8xf32>, %w: memref<4x8xf32>, %r: memref<?x4xf32, strided<[?, ?], offset: ?>>, %y: memref<?x4xf32>) {
  tfmrt.linear %x, %w residual %r into %y flags 80 : (memref<?x8xf32>, memref<4x8xf32>, memref<?x4xf32, strided<[?, ?], offset: ?>>, memref<?x4xf32>) -> ()
  return
}

// -----

// One declaration serves every call of a kernel.

// CHECK-LABEL: func.func private @tfmrt_attention
// CHECK-SAME:    (memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64, f64, i64)
// CHECK-NOT:   func.func private @tfmrt_attention
// CHECK-LABEL: func.func @attention
// CHECK-SAME:    (%[[Q:.*]]: memref<2x5x8xf32>, %[[M:.*]]: memref<2x1x1x5xf32>, %[[O:.*]]: memref<2x5x8xf32>)
// CHECK-DAG:   %[[CAUSAL:.*]] = arith.constant 1 : i64
// CHECK-DAG:   %[[SCALE:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG:   %[[TWO:.*]] = arith.constant 2 : i64
// CHECK:       %[[QU:.*]] = memref.cast %[[Q]]
// CHECK:       %[[MU:.*]] = memref.cast %[[M]]
// CHECK:       call @tfmrt_attention(%[[QU]], %{{.*}}, %{{.*}}, %[[MU]], %{{.*}}, %[[TWO]], %[[SCALE]], %[[TWO]])
// CHECK:       %[[QU2:.*]] = memref.cast %[[Q]]
// CHECK:       call @tfmrt_attention(%[[QU2]], %{{.*}}, %{{.*}}, %[[QU2]], %{{.*}}, %[[TWO]], %[[SCALE]], %[[CAUSAL]])
func.func @attention(%q: memref<2x5x8xf32>, %m: memref<2x1x1x5xf32>, %o: memref<2x5x8xf32>) {
  tfmrt.attention %q, %q, %q mask %m into %o heads 2 scale 5.000000e-01 mask_kind 2 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x1x1x5xf32>, memref<2x5x8xf32>) -> ()
  tfmrt.attention %q, %q, %q into %o heads 2 scale 5.000000e-01 mask_kind 1 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
  return
}

// -----

// CHECK-LABEL: func.func @others
// CHECK:       call @tfmrt_matmul(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (memref<*xf32>, memref<*xf32>, memref<*xf32>, i64) -> ()
// CHECK:       call @tfmrt_layer_norm(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, f64) -> ()
// CHECK:       call @tfmrt_softmax(%{{.*}}, %{{.*}}) : (memref<*xf32>, memref<*xf32>) -> ()
func.func @others(%a: memref<3x8xf32>, %g: memref<8xf32>, %y: memref<3x8xf32>, %p: memref<3x3xf32>) {
  tfmrt.matmul %a, %a into %p {transpose_rhs} : (memref<3x8xf32>, memref<3x8xf32>, memref<3x3xf32>) -> ()
  tfmrt.layer_norm %a, %g, %g into %y eps 1.0e-05 : (memref<3x8xf32>, memref<8xf32>, memref<8xf32>, memref<3x8xf32>) -> ()
  tfmrt.softmax %a into %y : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  return
}

// -----

// An operation still on tensors cannot become a call.

func.func @not_bufferized(%x: tensor<3x8xf32>) -> tensor<3x8xf32> {
  // expected-error@+1 {{tfmrt-to-calls: tfmrt.softmax must be bufferized before it becomes a kernel call}}
  %y = tfmrt.softmax %x into %x : (tensor<3x8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// -----

// A declaration of the kernel with another type is refused with both types.
// (A regression test: the pattern built the call's operands before it
// refused, so the rewrite never converged and the pass failed without a
// message.)

func.func private @tfmrt_softmax(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @stale_declaration(%x: memref<3x8xf32>) {
  // expected-error@+1 {{tfmrt-to-calls: the module declares @tfmrt_softmax as '(memref<*xf32>) -> ()', but the kernel is '(memref<*xf32>, memref<*xf32>) -> ()'}}
  tfmrt.softmax %x into %x : (memref<3x8xf32>, memref<3x8xf32>) -> ()
  return
}
