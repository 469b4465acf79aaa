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

// -----

// A slice is read in place, as a strided buffer (the kernels read strides).

// CHECK-LABEL: func.func @strided_input
// CHECK:       %[[SLICE:.*]] = memref.subview %{{.*}}[0, 0] [3, 8] [1, 1] : memref<5x8xf32> to memref<3x8xf32, strided<[8, 1]>>
// CHECK:       tfmrt.softmax %[[SLICE]] into %{{.*}} : (memref<3x8xf32, strided<[8, 1]>>, memref<3x8xf32>) -> ()
func.func @strided_input(%x: tensor<5x8xf32>) -> tensor<3x8xf32> {
  %s = tensor.extract_slice %x[0, 0] [3, 8] [1, 1] : tensor<5x8xf32> to tensor<3x8xf32>
  %init = tensor.empty() : tensor<3x8xf32>
  %y = tfmrt.softmax %s into %init : (tensor<3x8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// -----

// The KV cache's write bufferizes in place: the kernel writes the caller's
// cache, no new buffer, no copy.

// CHECK-LABEL: func.func @kv_cache_write_in_place
// CHECK-SAME:    (%[[K:.*]]: memref<1x?x8xf32>, %[[P:.*]]: memref<i64>, %[[C:.*]]: memref<2x2x1x16x8xf32>, %[[L:.*]]: index) -> memref<2x2x1x16x8xf32>
// CHECK-NOT:   memref.alloc
// CHECK-NOT:   memref.copy
// CHECK:       tfmrt.kv_cache_write %[[K]], %[[K]] at %[[P]] into %[[C]] layer %[[L]] : memref<1x?x8xf32>, memref<1x?x8xf32>, memref<i64>, memref<2x2x1x16x8xf32>{{$}}
// CHECK-NOT:   memref.alloc
// CHECK-NOT:   memref.copy
// CHECK:       return %[[C]]
func.func @kv_cache_write_in_place(%k: tensor<1x?x8xf32>, %pos: tensor<i64>, %cache: tensor<2x2x1x16x8xf32>, %layer: index) -> tensor<2x2x1x16x8xf32> {
  %w = tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x?x8xf32>, tensor<1x?x8xf32>, tensor<i64>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
  return %w : tensor<2x2x1x16x8xf32>
}

// -----

// Unlike the other kernels, it reads its destination (the rows it does not
// write are kept): when the old cache is still used after the write, the
// kernel writes a new buffer that starts as a copy of the old cache.

// CHECK-LABEL: func.func @kv_cache_write_old_cache_used
// CHECK-SAME:    (%[[K:.*]]: memref<1x?x8xf32>, %[[P:.*]]: memref<i64>, %[[C:.*]]: memref<2x2x1x16x8xf32>, %[[L:.*]]: index)
// CHECK:       %[[NEW:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x2x1x16x8xf32>
// CHECK-NEXT:  memref.copy %[[C]], %[[NEW]] : memref<2x2x1x16x8xf32> to memref<2x2x1x16x8xf32>
// CHECK-NEXT:  tfmrt.kv_cache_write %[[K]], %[[K]] at %[[P]] into %[[NEW]] layer %[[L]]
// CHECK:       return %[[NEW]], %[[C]]
func.func @kv_cache_write_old_cache_used(%k: tensor<1x?x8xf32>, %pos: tensor<i64>, %cache: tensor<2x2x1x16x8xf32>, %layer: index)
    -> (tensor<2x2x1x16x8xf32>, tensor<2x2x1x16x8xf32>) {
  %w = tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x?x8xf32>, tensor<1x?x8xf32>, tensor<i64>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
  return %w, %cache : tensor<2x2x1x16x8xf32>, tensor<2x2x1x16x8xf32>
}

// -----

// So does a cache the function may not write (as tfm-params-to-arguments
// marks the inputs no result updates).

// CHECK-LABEL: func.func @kv_cache_write_read_only
// CHECK-SAME:    (%[[K:.*]]: memref<1x?x8xf32>, %[[P:.*]]: memref<i64>, %[[C:.*]]: memref<2x2x1x16x8xf32>, %[[L:.*]]: index)
// CHECK:       %[[NEW:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x2x1x16x8xf32>
// CHECK-NEXT:  memref.copy %[[C]], %[[NEW]]
// CHECK-NEXT:  tfmrt.kv_cache_write %[[K]], %[[K]] at %[[P]] into %[[NEW]] layer %[[L]]
// CHECK:       return %[[NEW]]
func.func @kv_cache_write_read_only(%k: tensor<1x?x8xf32>, %pos: tensor<i64>, %cache: tensor<2x2x1x16x8xf32> {bufferization.writable = false}, %layer: index) -> tensor<2x2x1x16x8xf32> {
  %w = tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x?x8xf32>, tensor<1x?x8xf32>, tensor<i64>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
  return %w : tensor<2x2x1x16x8xf32>
}
