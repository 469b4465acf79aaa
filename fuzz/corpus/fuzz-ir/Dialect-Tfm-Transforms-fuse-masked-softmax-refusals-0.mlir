// RUN: tfm-opt %s --split-input-file --tfm-fuse-masked-softmax=report-refusals --verify-diagnostics

// Each refusal of the fusion is explained at the op it concerns.

func.func @mask_after_softmax(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  // expected-remark @+1 {{not fused: softmax input is not a tfm.add or tfm.select applying a mask}}
  %p = tfm.softmax %scores : tensor<4x4xf32>
  // expected-remark @+1 {{not fused: mask is applied after the softmax; masking probabilities breaks their normalisation}}
  %m = tfm.select %keep, %p, %zero : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

