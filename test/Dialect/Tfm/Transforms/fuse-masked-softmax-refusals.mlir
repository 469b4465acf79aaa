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

// -----

func.func @mask_broadcasts_scores(%scores: tensor<4x4xf32>, %mask: tensor<2x1x4xf32>) -> tensor<2x4x4xf32> {
  // expected-remark @+1 {{not fused: mask broadcasts the scores from 'tensor<4x4xf32>' to 'tensor<2x4x4xf32>'}}
  %m = tfm.add %scores, %mask : (tensor<4x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
  %p = tfm.softmax %m : tensor<2x4x4xf32>
  return %p : tensor<2x4x4xf32>
}

// -----

func.func @select_zero_fill(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %zero = arith.constant dense<0.0> : tensor<f32>
  // expected-remark @+1 {{not fused: select fill is not a splat -inf or lowest-value constant}}
  %m = tfm.select %keep, %scores, %zero : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

// -----

func.func @select_inverted(%scores: tensor<4x4xf32>, %drop: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %ninf = arith.constant dense<0xFF800000> : tensor<f32>
  // expected-remark @+1 {{not fused: select keeps -inf where the mask is true}}
  %m = tfm.select %drop, %ninf, %scores : (tensor<4x4xi1>, tensor<f32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

// -----

func.func @masked_scores_other_user(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  // expected-remark @+1 {{not fused: masked scores have users other than the softmax}}
  %m = tfm.add %scores, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p, %m : tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

func.func @scaled_scores_other_user(%scores: tensor<4x4xf32>, %mask: tensor<1x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  // expected-remark @+1 {{not fused: scaled scores have users other than the mask}}
  %s = tfm.scale %scores by 0.5 : tensor<4x4xf32>
  %m = tfm.add %s, %mask : (tensor<4x4xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p, %s : tensor<4x4xf32>, tensor<4x4xf32>
}
