// RUN: tfm-opt %s --split-input-file --tfm-fuse-masked-softmax | FileCheck %s

// Additive mask after scaling (BERT's padding mask): fuses.
// CHECK-LABEL: func.func @additive_scaled
// CHECK-SAME: (%[[S:.*]]: tensor<2x3x4x4xf32>, %[[M:.*]]: tensor<2x1x1x4xf32>)
// CHECK-NEXT: %[[P:.*]] = tfm.masked_softmax %[[S]], %[[M]] scale 1.250000e-01 : (tensor<2x3x4x4xf32>, tensor<2x1x1x4xf32>) -> tensor<2x3x4x4xf32>
// CHECK-NEXT: return %[[P]]
func.func @additive_scaled(%scores: tensor<2x3x4x4xf32>, %mask: tensor<2x1x1x4xf32>) -> tensor<2x3x4x4xf32> {
  %s = tfm.scale %scores by 0.125 : tensor<2x3x4x4xf32>
  %m = tfm.add %s, %mask : (tensor<2x3x4x4xf32>, tensor<2x1x1x4xf32>) -> tensor<2x3x4x4xf32>
  %p = tfm.softmax %m : tensor<2x3x4x4xf32>
  return %p : tensor<2x3x4x4xf32>
}

