
// CHECK-LABEL: func.func @on_buffers
// CHECK-SAME:    (%[[Q:.*]]: memref<2x5x8xf32>, %[[M:.*]]: memref<2x1x1x5xf32, strided<[?, ?, ?, ?], offset: ?>>, %[[O:.*]]: memref<2x5x8xf32>, %[[G:.*]]: memref<8xf32>)
// CHECK:       tfmrt.attention %[[Q]], %[[Q]], %[[Q]] mask %[[M]] into %[[O]] heads 2 scale 5.000000e-01 mask_kind 2 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x1x1x5xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<2x5x8xf32>) -> ()
// CHECK:       tfmrt.layer_norm %[[O]], %[[G]], %[[G]] into %[[Q]] eps 9.9999999999999998E-13 : (memref<2x5x8xf32>, memref<8xf32>, memref<8xf32>, memref<2x5x8xf32>) -> ()
// CHECK:       tfmrt.matmul %[[Q]], %[[O]] into %[[O]] {transpose_rhs} : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
func.func @on_buffers(%q: memref<2x5x8xf32>, %m: memref<2x1x1x5xf32, strided<[?, ?, ?, ?], offset: ?>>, %o: memref<2x5x8xf32>, %g: memref<8xf32>) {
  tfmrt.attention %q, %q, %q mask %m into %o heads 2 scale 5.000000e-01 mask_kind 2 : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x1x1x5xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<2x5x8xf32>) -> ()
  tfmrt.layer_norm %o, %g, %g into %q eps 1.0e-12 : (memref<2x5x8xf32>, memref<8xf32>, memref<8xf32>, memref<2x5x8xf32>) -> ()
  tfmrt.matmul %q, %o into %o {transpose_rhs} : (memref<2x5x8xf32>, memref<2x5x8xf32>, memref<2x5x8xf32>) -> ()
  return
}

