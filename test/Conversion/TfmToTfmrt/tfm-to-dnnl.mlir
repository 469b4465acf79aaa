// RUN: tfm-opt %s --split-input-file --tfm-to-dnnl | FileCheck %s

// A linear with bias, GELU and residual is one kernel operation: flags 0x72 =
// gelu_erf (2) | out_in weight (0x10) | bias (0x20) | residual (0x40),
// written into an empty tensor shaped like the input's rows.

// CHECK-LABEL: func.func @linear_bias_gelu_residual
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?x8xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<?x?x4xf32>)
// CHECK-DAG:   %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG:   %[[D1:.*]] = tensor.dim %[[X]], %c1
// CHECK:       %[[INIT:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?x4xf32>
// CHECK:       %[[Y:.*]] = tfmrt.linear %[[X]], %[[W]] bias %[[B]] residual %[[R]] into %[[INIT]] flags 114
// CHECK:       return %[[Y]]
func.func @linear_bias_gelu_residual(%x: tensor<?x?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %r: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  %y = tfm.linear %x, %w, %b layout <out_in> activation <gelu_erf> residual %r : (tensor<?x?x8xf32>, tensor<4x8xf32>, tensor<4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %y : tensor<?x?x4xf32>
}

// -----

// CLIP's quick_gelu (gelu_sigmoid), relu and silu are in the kernel's
// epilogue too: flags 0x76 (out_in weight, bias, residual, activation 6),
// 0x4 and 0x5.
// CHECK-LABEL: func.func @linear_gelu_sigmoid_residual
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?x8xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<?x?x4xf32>)
// CHECK:       %[[INIT:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x4xf32>
// CHECK:       %[[Y:.*]] = tfmrt.linear %[[X]], %[[W]] bias %[[B]] residual %[[R]] into %[[INIT]] flags 118 :
// CHECK-NEXT:  return %[[Y]]
func.func @linear_gelu_sigmoid_residual(%x: tensor<?x?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>, %r: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  %y = tfm.linear %x, %w, %b layout <out_in> activation <gelu_sigmoid> residual %r : (tensor<?x?x8xf32>, tensor<4x8xf32>, tensor<4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %y : tensor<?x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @linear_relu_silu
// CHECK:       tfmrt.linear %{{.*}}, %{{.*}} into %{{.*}} flags 4 :
// CHECK:       tfmrt.linear %{{.*}}, %{{.*}} into %{{.*}} flags 5 :
func.func @linear_relu_silu(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %r = tfm.linear %x, %w layout <in_out> activation <relu> : (tensor<3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  %s = tfm.linear %x, %w layout <in_out> activation <silu> : (tensor<3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  return %r, %s : tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @linear_plain
// CHECK-SAME:    (%[[X:.*]]: tensor<3x8xf32>, %[[W:.*]]: tensor<8x4xf32>)
// CHECK:       %[[INIT:.*]] = tensor.empty() : tensor<3x4xf32>
// CHECK:       tfmrt.linear %[[X]], %[[W]] into %[[INIT]] flags 0 :
func.func @linear_plain(%x: tensor<3x8xf32>, %w: tensor<8x4xf32>) -> tensor<3x4xf32> {
  %y = tfm.linear %x, %w layout <in_out> : (tensor<3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// Not f32: left for tfm-to-linalg.

// CHECK-LABEL: func.func @linear_f16_is_left_alone
// CHECK:       tfm.linear
// CHECK-NOT:   tfmrt.linear
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
// CHECK:       %[[INIT:.*]] = tensor.empty(%[[BATCH]], %[[M]], %[[N]]) : tensor<?x2x?x?xf32>
// CHECK:       tfmrt.matmul %[[A]], %[[B]] into %[[INIT]] {transpose_rhs}
func.func @matmul_transpose_rhs(%a: tensor<?x2x?x4xf32>, %b: tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32> {
  %c = tfm.matmul %a, %b transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  return %c : tensor<?x2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
// CHECK:       tfmrt.layer_norm %{{.*}}, %{{.*}}, %{{.*}} into %{{.*}} eps 1.000000e-05 :
func.func @layer_norm(%x: tensor<?x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %y = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// CHECK-LABEL: func.func @softmax
// CHECK:       tfmrt.softmax %{{.*}} into %{{.*}} : (tensor<?x3x5xf32>, tensor<?x3x5xf32>) -> tensor<?x3x5xf32>
// CHECK-NOT:   tfm.softmax
func.func @softmax(%x: tensor<?x3x5xf32>) -> tensor<?x3x5xf32> {
  %y = tfm.softmax %x : tensor<?x3x5xf32>
  return %y : tensor<?x3x5xf32>
}

// -----

// The precision is one more flag: 0x80 bf16, 0x200 int8 (Kernels.h), here
// with out_in (0x10) and bias (0x20).

// CHECK-LABEL: func.func @linear_precisions
// CHECK:       tfmrt.linear %{{.*}}, %{{.*}} bias %{{.*}} into %{{.*}} flags 176 :
// CHECK:       tfmrt.linear %{{.*}}, %{{.*}} bias %{{.*}} into %{{.*}} flags 560 :
func.func @linear_precisions(%x: tensor<3x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %y = tfm.linear %x, %w, %b layout <out_in> precision <bf16> : (tensor<3x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %z = tfm.linear %x, %w, %b layout <out_in> precision <int8> : (tensor<3x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y, %z : tensor<3x4xf32>, tensor<3x4xf32>
}
