// RUN: tfm-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(func.func(tfm-set-precision{precision=bf16}))'
// RUN: not tfm-opt %s --pass-pipeline='builtin.module(func.func(tfm-set-precision{precision=fp8}))' 2>&1 | FileCheck %s --check-prefix=BAD-OPTION

// BAD-OPTION: for the --precision option: Cannot find option named 'fp8'!

// A linear of f16 tensors has no lower-precision kernel.

func.func @f16_linear(%x: tensor<1x2x8xf16>, %w: tensor<8x4xf16>) -> tensor<1x2x4xf16> {
  // expected-error @+1 {{cannot run at precision bf16: its tensors are 'f16', and lower precisions are for f32 models}}
  %y = tfm.linear %x, %w layout <in_out> : (tensor<1x2x8xf16>, tensor<8x4xf16>) -> tensor<1x2x4xf16>
  return %y : tensor<1x2x4xf16>
}

// -----

// Nor does attention over f16 tensors.

func.func @f16_attention(%q: tensor<1x4x8xf16>) -> tensor<1x4x8xf16> {
  // expected-error @+1 {{cannot run at precision bf16: its tensors are 'f16'}}
  %a = tfm.attention %q, %q, %q heads 2 scale 5.000000e-01 : (tensor<1x4x8xf16>, tensor<1x4x8xf16>, tensor<1x4x8xf16>) -> tensor<1x4x8xf16>
  return %a : tensor<1x4x8xf16>
}
