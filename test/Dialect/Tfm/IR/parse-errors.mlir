// RUN: tfm-opt %s --split-input-file --verify-diagnostics

// Errors of the custom assembly formats (the parser, not the verifiers).

func.func @unknown_layout(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+2 {{custom op 'tfm.linear' expected ::mlir::tfm::WeightLayout to be one of: in_out, out_in}}
  // expected-error @+1 {{failed to parse Tfm_WeightLayoutAttr parameter 'value'}}
  %0 = tfm.linear %x, %w layout <sideways> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layout_without_brackets(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+1 {{expected '<'}}
  %0 = tfm.linear %x, %w layout in_out : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @missing_layout(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+1 {{custom op 'tfm.linear' expected 'layout'}}
  %0 = tfm.linear %x, %w : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @unknown_layout_generic(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+2 {{expected ::mlir::tfm::WeightLayout to be one of: in_out, out_in}}
  // expected-error @+1 {{failed to parse Tfm_WeightLayoutAttr parameter 'value'}}
  %0 = "tfm.linear"(%x, %w) <{layout = #tfm.layout<diagonal>}> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @unknown_activation(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+2 {{expected ::mlir::tfm::Activation to be one of: none, gelu_tanh, gelu_erf, tanh, gelu_sigmoid, relu, silu}}
  // expected-error @+1 {{failed to parse Tfm_ActivationAttr parameter 'value'}}
  %0 = tfm.linear %x, %w layout <in_out> activation <swish> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// The residual comes last, after the activation.
func.func @residual_before_activation(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>, %r: tensor<2x4xf32>) {
  // expected-error @+1 {{expected ':'}}
  %0 = tfm.linear %x, %w layout <in_out> residual %r activation <tanh> : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @unknown_gelu_approximation(%x: tensor<2x4xf32>) {
  // expected-error @+2 {{expected ::mlir::tfm::GeluApproximation to be one of: tanh, erf}}
  // expected-error @+1 {{failed to parse Tfm_GeluApproximationAttr parameter 'value'}}
  %0 = tfm.gelu %x approximate <fast> : tensor<2x4xf32>
  return
}

// -----

func.func @missing_heads(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{custom op 'tfm.split_heads' expected 'heads'}}
  %0 = tfm.split_heads %x : tensor<2x3x8xf32> -> tensor<2x2x3x4xf32>
  return
}

// -----

func.func @attention_missing_heads(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{custom op 'tfm.attention' expected 'heads'}}
  %0 = tfm.attention %x, %x, %x scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @attention_missing_scale(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{custom op 'tfm.attention' expected 'scale'}}
  %0 = tfm.attention %x, %x, %x heads 2 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @missing_eps(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'tfm.layer_norm' expected 'eps'}}
  %0 = tfm.layer_norm %x, %g, %g 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @integer_eps(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
  // expected-note @+1 {{add a trailing dot to make the literal a float}}
  %0 = tfm.layer_norm %x, %g, %g eps 1 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @missing_seed(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{custom op 'tfm.mlm_mask' expected 'seed'}}
  %0 = tfm.mlm_mask %ids probability 0.5 : tensor<2x3xi64> -> tensor<2x3xi1>
  return
}

// -----

func.func @param_unquoted_name() {
  // expected-error @+1 {{expected attribute value}}
  %0 = tfm.param wte : tensor<2x4xf32>
  return
}

// -----

func.func @operand_type_count(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'tfm.linear' 3 operands present, but expected 2}}
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{custom op 'tfm.softmax' invalid kind of type specified}}
  %0 = tfm.softmax %x : tensor<*xf32>
  return
}

// -----

func.func @unknown_op(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{custom op 'tfm.foo' is unknown}}
  %0 = tfm.foo %x : tensor<2x4xf32>
  return
}

// -----

func.func @unknown_op_generic(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{unregistered operation 'tfm.foo' found in dialect ('tfm') that does not allow unknown operations}}
  %0 = "tfm.foo"(%x) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}
