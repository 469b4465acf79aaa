// RUN: tfm-opt %s --split-input-file --verify-diagnostics

// Each verifier rule: what the kernel's C interface requires.

func.func @not_f32(%x: tensor<3x8xf16>, %w: tensor<8x4xf16>, %y: tensor<3x4xf16>) -> tensor<3x4xf16> {
  // expected-error@+1 {{operands must be ranked f32 tensors or buffers, got 'tensor<3x8xf16>'}}
  %r = tfmrt.linear %x, %w into %y flags 0 : (tensor<3x8xf16>, tensor<8x4xf16>, tensor<3x4xf16>) -> tensor<3x4xf16>
  return %r : tensor<3x4xf16>
}

