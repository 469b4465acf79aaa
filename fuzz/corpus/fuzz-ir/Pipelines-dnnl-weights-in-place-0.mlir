// RUN: tfm-opt %s --pass-pipeline='builtin.module(tfm-params-to-arguments,tfmrt-add-run-context,tfm-to-dnnl,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},tfmrt-to-calls,buffer-deallocation-pipeline)' | FileCheck %s

// Weights, non-writable function arguments, reach the kernel as the argument
// buffers themselves: bufferization copies none of them for the call (a
// regression test: it once copied every weight on every call).

// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%[[CTX:[^:]*]]: !llvm.ptr {tfmrt.run_context}, %[[X:[^:]*]]: memref<?x8xf32>, %[[W:[^:]*]]: memref<4x8xf32> {{.*}}, %[[B:[^:]*]]: memref<4xf32> {{.*}})
// CHECK-NOT:   memref.copy
// CHECK-DAG:   memref.cast %[[X]] : memref<?x8xf32> to memref<*xf32>
// CHECK-DAG:   memref.cast %[[W]] : memref<4x8xf32> to memref<*xf32>
// CHECK-DAG:   memref.cast %[[B]] : memref<4xf32> to memref<*xf32>
// CHECK:       call @tfmrt_linear(%[[CTX]],
// CHECK-NOT:   memref.copy
func.func @forward(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  %w = tfm.param "dense.weight" : tensor<4x8xf32>
  %b = tfm.param "dense.bias" : tensor<4xf32>
  %y = tfm.linear %x, %w, %b layout <out_in> : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

