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

