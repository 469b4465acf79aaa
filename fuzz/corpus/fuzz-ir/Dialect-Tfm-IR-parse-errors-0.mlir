// RUN: tfm-opt %s --split-input-file --verify-diagnostics

// Errors of the custom assembly formats (the parser, not the verifiers).

func.func @unknown_layout(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+2 {{custom op 'tfm.linear' expected ::mlir::tfm::WeightLayout to be one of: in_out, out_in}}
  // expected-error @+1 {{failed to parse Tfm_WeightLayoutAttr parameter 'value'}}
  %0 = tfm.linear %x, %w layout <sideways> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

