// RUN: tfm-opt %s --split-input-file --tfm-fuse-linear=report-refusals --verify-diagnostics

// Each refusal of the fusion is explained at the gelu or add it concerns.

func.func @not_a_linear(%x: tensor<2x6xf32>, %b: tensor<6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  // expected-remark @+1 {{not fused: gelu input is not a tfm.linear}}
  %0 = tfm.gelu %x approximate <tanh> : tensor<2x6xf32>
  // expected-remark @+1 {{not fused: neither operand is a tfm.linear or tfm.mlp}}
  %1 = tfm.add %x, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %0, %1 : tensor<2x6xf32>, tensor<2x6xf32>
}

