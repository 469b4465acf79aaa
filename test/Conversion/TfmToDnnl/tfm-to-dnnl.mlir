// RUN: tfm-opt %s --split-input-file --tfm-to-dnnl | FileCheck %s

// A linear with bias, GELU and residual is one kernel call: flags 0x72 =
// gelu_erf (2) | out_in weight (0x10) | bias (0x20) | residual (0x40). Every
// operand is read-only (no bufferization copy of weights); the result is a
// fresh aligned buffer returned to tensors.

// CHECK-LABEL: func.func private @tfmrt_linear
// CHECK-SAME:    (memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, i64)
// CHECK-SAME:    attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @linear_bias_gelu_residual
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?x8xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<?x?x4xf32>)
// CHECK-DAG:   %[[XM:.*]] = bufferization.to_memref %[[X]] read_only : memref<?x?x8xf32, strided<[?, ?, ?], offset: ?>>
// CHECK-DAG:   %[[XU:.*]] = memref.cast %[[XM]] : {{.*}} to memref<*xf32>
// CHECK-DAG:   %[[BM:.*]] = bufferization.to_memref %[[B]] read_only
// CHECK-DAG:   %[[BU:.*]] = memref.cast %[[BM]]
// CHECK-DAG:   %[[RM:.*]] = bufferization.to_memref %[[R]] read_only
// CHECK-DAG:   %[[RU:.*]] = memref.cast %[[RM]]
// CHECK-DAG:   %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG:   %[[D1:.*]] = tensor.dim %[[X]], %c1
// CHECK:       %[[ALLOC:.*]] = memref.alloc(%[[D0]], %[[D1]]) {alignment = 64 : i64} : memref<?x?x4xf32>
// CHECK:       %[[WM:.*]] = bufferization.to_memref %[[W]] read_only
// CHECK:       %[[WU:.*]] = memref.cast %[[WM]]
// CHECK:       %[[FLAGS:.*]] = arith.constant 114 : i64
// CHECK:       %[[YU:.*]] = memref.cast %[[ALLOC]] : memref<?x?x4xf32> to memref<*xf32>
// CHECK:       call @tfmrt_linear(%[[XU]], %[[WU]], %[[BU]], %[[RU]], %[[YU]], %[[FLAGS]])
// CHECK:       %[[Y:.*]] = bufferization.to_tensor %[[ALLOC]] restrict writable : memref<?x?x4xf32>
// CHECK:       return %[[Y]]
func.func @linear_bias_gelu_residual(%x: tensor<?x?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %r: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  %y = tfm.linear %x, %w, %b layout <out_in> activation <gelu_erf> residual %r : (tensor<?x?x8xf32>, tensor<4x8xf32>, tensor<4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %y : tensor<?x?x4xf32>
}

// -----

// Without bias or residual, the input stands in for them (flags 0: in_out,
// no activation) so that one declaration serves every variant.

// CHECK-LABEL: func.func @linear_plain
// CHECK:       %[[XU:.*]] = memref.cast
// CHECK:       %[[WU:.*]] = memref.cast
// CHECK:       %[[FLAGS:.*]] = arith.constant 0 : i64
// CHECK:       call @tfmrt_linear(%[[XU]], %[[WU]], %[[XU]], %[[XU]], %{{.*}}, %[[FLAGS]])
func.func @linear_plain(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>) -> tensor<3x4xf32> {
  %y = tfm.linear %x, %w layout <in_out> : (tensor<3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// Not f32: left for tfm-to-linalg.

// CHECK-LABEL: func.func @linear_f16_is_left_alone
// CHECK:       tfm.linear
// CHECK-NOT:   call @tfmrt_linear
func.func @linear_f16_is_left_alone(%x: tensor<3x8xf16>, %w: tensor<8x4xf16>) -> tensor<3x4xf16> {
  %y = tfm.linear %x, %w layout <in_out> : (tensor<3x8xf16>, tensor<8x4xf16>) -> tensor<3x4xf16>
  return %y : tensor<3x4xf16>
}

// -----

// The result's last dimension comes from the rhs: its dim 2 when transposed.

// CHECK-LABEL: func.func @matmul_transpose_rhs
// CHECK-SAME:    (%[[A:.*]]: tensor<?x2x?x4xf32>, %[[B:.*]]: tensor<?x2x?x4xf32>)
// CHECK-DAG:   %[[N:.*]] = tensor.dim %[[B]], %c2
// CHECK-DAG:   %[[BATCH:.*]] = tensor.dim %[[A]], %c0
// CHECK-DAG:   %[[M:.*]] = tensor.dim %[[A]], %c2
// CHECK:       %[[ALLOC:.*]] = memref.alloc(%[[BATCH]], %[[M]], %[[N]]) {alignment = 64 : i64} : memref<?x2x?x?xf32>
// CHECK:       %[[TRANSPOSED:.*]] = arith.constant 1 : i64
// CHECK:       call @tfmrt_matmul(%{{.*}}, %{{.*}}, %{{.*}}, %[[TRANSPOSED]])
func.func @matmul_transpose_rhs(%a: tensor<?x2x?x4xf32>, %b: tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32> {
  %c = tfm.matmul %a, %b transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  return %c : tensor<?x2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
// CHECK:       %[[EPS:.*]] = arith.constant 1.000000e-05 : f64
// CHECK:       call @tfmrt_layer_norm(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[EPS]])
// CHECK-SAME:    : (memref<*xf32>, memref<*xf32>, memref<*xf32>, memref<*xf32>, f64) -> ()
func.func @layer_norm(%x: tensor<?x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %y = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @softmax
// CHECK:       call @tfmrt_softmax(%{{.*}}, %{{.*}}) : (memref<*xf32>, memref<*xf32>) -> ()
// CHECK-NOT:   tfm.softmax
func.func @softmax(%x: tensor<?x3x5xf32>) -> tensor<?x3x5xf32> {
  %y = tfm.softmax %x : tensor<?x3x5xf32>
  return %y : tensor<?x3x5xf32>
}
