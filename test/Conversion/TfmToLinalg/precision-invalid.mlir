// RUN: tfm-opt %s --split-input-file --verify-diagnostics --tfm-to-linalg

// Generated code computes in f32 only: a lower precision is the dnnl
// backend's (and libtfmrt's attention kernel's), and tfm-to-linalg says so
// rather than computing in f32 what the IR says is bf16 or int8.

func.func @linear_bf16(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{precision bf16 needs the dnnl backend: tfm-to-linalg computes in f32}}
  %y = tfm.linear %x, %w layout <in_out> precision <bf16> : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @linear_int8(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{precision int8 needs the dnnl backend}}
  %y = tfm.linear %x, %w layout <in_out> precision <int8> : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @attention_bf16(%q: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  // expected-error @+1 {{precision bf16 needs the dnnl backend}}
  %a = tfm.attention %q, %q, %q heads 2 scale 5.000000e-01 precision <bf16> : (tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %a : tensor<1x4x8xf32>
}
