
// One declaration serves every call of a kernel.

// CHECK-LABEL: func.func private @tfmrt_attention
// CHECK-SAME:    (!llvm.ptr, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64, f64, i64)
// CHECK-NOT:   func.func private @tfmrt_attention
// CHECK-LABEL: func.func @attention
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[Q:.*]]: memref<2x5x8xf32>, %[[M:.*]]: memref<2x1x1x5xf32>, %[[O:.*]]: memref<2x5x8xf32>)
// CHECK-DAG:   %[[CAUSAL:.*]] = arith.constant 1 : i64
// CHECK-DAG:   %[[SCALE:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG:   %[[TWO:.*]] = arith.constant 2 : i64
// CHECK:       %[[QU:.*]] = memref.cast %[[Q]]
// CHECK:       %[[MU:.*]] = memref.cast %[[M]]
// CHECK:       call @tfmrt_attention(%[[CTX]], %[[QU]], %{{.*}}, %{{.*}}, %[[MU]], %{{.*}}, %[[TWO]], %[[SCALE]], %[[TWO]])
// CHECK:       %[[QU2:.*]] = memref.cast %[[Q]]
// CHECK:       call @tfmrt_attention(%[[CTX]], %[[QU2]], %{{.*}}, %{{.*}}, %[[QU2]], %{{.*}}, %[[TWO]], %[[SCALE]], %[[CAUSAL]])
func.func @attention(%context: !llvm.ptr {tfmrt.run_context}, %q: memref<2x5x8xf32>, %m: memref<2x1x1x5xf32>, %o: memref<2x5x8xf32>) {
  tfmrt.attention %q, %q, %q mask %m into %o heads 2 scale 5.000000e-01 mask_kind 2 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x1x1x5xf32>, memref<2x5x8xf32>) -> ()
  tfmrt.attention %q, %q, %q into %o heads 2 scale 5.000000e-01 mask_kind 1 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
  return
}

