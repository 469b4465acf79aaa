// RUN: tfm-opt %s --split-input-file | tfm-opt --split-input-file | FileCheck %s

// Kernel operations round-trip on tensors (one result) and on buffers (none).

// CHECK-LABEL: func.func @on_tensors
// CHECK-SAME:    (%[[X:.*]]: tensor<?x8xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<?x4xf32>)
// CHECK:       %[[L:.*]] = tfmrt.linear %[[X]], %[[W]] bias %[[B]] into %[[Y]] flags 48 : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK:       %[[S:.*]] = tfmrt.softmax %[[L]] into %[[Y]] : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK:       return %[[S]]
func.func @on_tensors(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %y: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %l = tfmrt.linear %x, %w bias %b into %y flags 48 : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %s = tfmrt.softmax %l into %y : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %s : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @on_buffers
// CHECK-SAME:    (%[[Q:.*]]: memref<2x5x8xf32>, %[[M:.*]]: memref<2x1x1x5xf32, strided<[?, ?, ?, ?], offset: ?>>, %[[O:.*]]: memref<2x5x8xf32>, %[[G:.*]]: memref<8xf32>)
// CHECK:       tfmrt.attention %[[Q]], %[[Q]], %[[Q]] mask %[[M]] into %[[O]] heads 2 scale 5.000000e-01 mask_kind 2 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x1x1x5xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<2x5x8xf32>) -> ()
// CHECK:       tfmrt.attention %[[Q]], %[[Q]], %[[Q]] into %[[O]] heads 2 scale 5.000000e-01 mask_kind 1 bf16 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
// CHECK:       tfmrt.layer_norm %[[O]], %[[G]], %[[G]] into %[[Q]] eps 9.9999999999999998E-13 : (memref<2x5x8xf32>, memref<8xf32>, memref<8xf32>, memref<2x5x8xf32>) -> ()
// CHECK:       tfmrt.matmul %[[Q]], %[[O]] into %[[O]] {transpose_rhs} : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
func.func @on_buffers(%q: memref<2x5x8xf32>, %m: memref<2x1x1x5xf32, strided<[?, ?, ?, ?], offset: ?>>, %o: memref<2x5x8xf32>, %g: memref<8xf32>) {
  tfmrt.attention %q, %q, %q mask %m into %o heads 2 scale 5.000000e-01 mask_kind 2 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x1x1x5xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<2x5x8xf32>) -> ()
  tfmrt.attention %q, %q, %q into %o heads 2 scale 5.000000e-01 mask_kind 1 bf16 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
  tfmrt.layer_norm %o, %g, %g into %q eps 1.0e-12 : (memref<2x5x8xf32>, memref<8xf32>, memref<8xf32>, memref<2x5x8xf32>) -> ()
  tfmrt.matmul %q, %o into %o {transpose_rhs} : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
  return
}

// -----

// The run context argument: an !llvm.ptr marked tfmrt.run_context, on a
// definition or a declaration.

// CHECK-LABEL: func.func private @declared
// CHECK-SAME:    (!llvm.ptr {tfmrt.run_context}, memref<4xf32>)
// CHECK-LABEL: func.func @defined
// CHECK-SAME:    (%{{.*}}: memref<4xf32>, %{{.*}}: !llvm.ptr {tfmrt.run_context})
func.func private @declared(!llvm.ptr {tfmrt.run_context}, memref<4xf32>)
func.func @defined(%x: memref<4xf32>, %context: !llvm.ptr {tfmrt.run_context}) {
  return
}

// -----

// The run's heap: a buffer with its dynamic sizes, freed on the same context.
// CHECK-LABEL: func.func @heap
// CHECK-SAME:    (%[[CTX:.*]]: !llvm.ptr {tfmrt.run_context}, %[[N:.*]]: index)
// CHECK:       %[[B:.*]] = tfmrt.alloc %[[CTX]](%[[N]]) {alignment = 64 : i64} : memref<?x8xf32>
// CHECK:       %[[S:.*]] = tfmrt.alloc %[[CTX]]() : memref<4xi64>
// CHECK:       tfmrt.dealloc %[[CTX]], %[[B]] : memref<?x8xf32>
// CHECK:       tfmrt.dealloc %[[CTX]], %[[S]] : memref<4xi64>
func.func @heap(%context: !llvm.ptr {tfmrt.run_context}, %n: index) {
  %buffer = tfmrt.alloc %context(%n) {alignment = 64 : i64} : memref<?x8xf32>
  %static = tfmrt.alloc %context() : memref<4xi64>
  tfmrt.dealloc %context, %buffer : memref<?x8xf32>
  tfmrt.dealloc %context, %static : memref<4xi64>
  return
}

// -----

// The KV cache's write: key and value at a position into one layer of the
// cache, which is the destination.
// CHECK-LABEL: func.func @kv_cache_write
// CHECK-SAME:    (%[[K:.*]]: tensor<1x?x8xf32>, %[[P:.*]]: tensor<i64>, %[[C:.*]]: tensor<2x2x1x16x8xf32>, %[[L:.*]]: index)
// CHECK:       %[[W:.*]] = tfmrt.kv_cache_write %[[K]], %[[K]] at %[[P]] into %[[C]] layer %[[L]] : tensor<1x?x8xf32>, tensor<1x?x8xf32>, tensor<i64>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
// CHECK:       return %[[W]]
func.func @kv_cache_write(%k: tensor<1x?x8xf32>, %pos: tensor<i64>, %cache: tensor<2x2x1x16x8xf32>, %layer: index) -> tensor<2x2x1x16x8xf32> {
  %w = tfmrt.kv_cache_write %k, %k at %pos into %cache layer %layer : tensor<1x?x8xf32>, tensor<1x?x8xf32>, tensor<i64>, tensor<2x2x1x16x8xf32> -> tensor<2x2x1x16x8xf32>
  return %w : tensor<2x2x1x16x8xf32>
}

// -----

// CHECK-LABEL: func.func @kv_cache_write_buffers
// CHECK-SAME:    (%[[K:.*]]: memref<1x?x8xf32, strided<[?, ?, 1], offset: ?>>, %[[V:.*]]: memref<1x?x8xf32, strided<[?, ?, 1], offset: ?>>, %[[P:.*]]: memref<i64>, %[[C:.*]]: memref<2x2x?x?x8xf32>)
// CHECK:       %[[L:.*]] = arith.constant 1 : index
// CHECK:       tfmrt.kv_cache_write %[[K]], %[[V]] at %[[P]] into %[[C]] layer %[[L]] : memref<1x?x8xf32, strided<[?, ?, 1], offset: ?>>, memref<1x?x8xf32, strided<[?, ?, 1], offset: ?>>, memref<i64>, memref<2x2x?x?x8xf32>{{$}}
func.func @kv_cache_write_buffers(%k: memref<1x?x8xf32, strided<[?, ?, 1], offset: ?>>, %v: memref<1x?x8xf32, strided<[?, ?, 1], offset: ?>>, %pos: memref<i64>, %cache: memref<2x2x?x?x8xf32>) {
  %layer = arith.constant 1 : index
  tfmrt.kv_cache_write %k, %v at %pos into %cache layer %layer : memref<1x?x8xf32, strided<[?, ?, 1], offset: ?>>, memref<1x?x8xf32, strided<[?, ?, 1], offset: ?>>, memref<i64>, memref<2x2x?x?x8xf32>
  return
}
