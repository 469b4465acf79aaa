// RUN: tfm-opt %s --split-input-file --tfm-fuse-linear | FileCheck %s

// GELU (tanh) of a linear becomes the linear's activation.
// CHECK-LABEL: func.func @gelu_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> activation <gelu_tanh> : (tensor<?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @gelu_tanh(%x: tensor<?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  %1 = tfm.gelu %0 approximate <tanh> : tensor<?x6xf32>
  return %1 : tensor<?x6xf32>
}

