// RUN: tfm-opt %s --split-input-file --tfm-to-linalg | FileCheck %s

// tfm.param is legal for tfm-to-linalg: weights stay named until
// tfm-params-to-arguments binds them; the ops using them are lowered.

// CHECK-LABEL: func.func @param_stays
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>)
// CHECK:      %[[W:.*]] = tfm.param "fc.weight" : tensor<4x6xf32>
// CHECK-NOT:  tfm.linear
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[X]], %[[W]] : tensor<2x4xf32>, tensor<4x6xf32>)
// CHECK:      return %[[Y]]
func.func @param_stays(%x: tensor<2x4xf32>) -> tensor<2x6xf32> {
  %w = tfm.param "fc.weight" : tensor<4x6xf32>
  %y = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return %y : tensor<2x6xf32>
}

