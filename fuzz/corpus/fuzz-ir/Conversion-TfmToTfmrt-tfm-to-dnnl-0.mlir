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

