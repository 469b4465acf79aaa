// RUN: tfm-opt %s --split-input-file --tfm-fuse-attention=report-refusals --verify-diagnostics

// Each refusal of the fusion is explained at the op it concerns.

func.func @not_a_product(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x8xf32> {
  // expected-remark @+1 {{not fused: merge_heads input is not a tfm.matmul of probabilities and values}}
  %o = tfm.merge_heads %x : tensor<1x2x4x4xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

