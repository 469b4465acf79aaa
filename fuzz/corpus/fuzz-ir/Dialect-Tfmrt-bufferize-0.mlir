// RUN: tfm-opt %s --split-input-file --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" | FileCheck %s

// On buffers, a kernel operation reads its inputs where they are (weights
// are function arguments: no copy) and writes a new buffer for its empty
// destination.

// CHECK-LABEL: func.func @linear
// CHECK-SAME:    (%[[X:.*]]: memref<?x8xf32>, %[[W:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4xf32>) -> memref<?x4xf32>
// CHECK-NOT:   memref.copy
// CHECK:       %[[Y:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x4xf32>
// CHECK-NOT:   memref.copy
// CHECK:       tfmrt.linear %[[X]], %[[W]] bias %[[B]] into %[[Y]] flags 48 : (memref<?x8xf32>, memref<4x8xf32>, memref<4xf32>, memref<?x4xf32>) -> ()
// CHECK:       return %[[Y]]
func.func @linear(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %c0 = arith.constant 0 : index
  %rows = tensor.dim %x, %c0 : tensor<?x8xf32>
  %init = tensor.empty(%rows) : tensor<?x4xf32>
  %y = tfmrt.linear %x, %w bias %b into %init flags 48 : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

