// RUN: tfm-opt %s --split-input-file --tfm-fuse-linear=report-refusals --verify-diagnostics

// Each refusal of the fusion is explained at the gelu or add it concerns.

func.func @not_a_linear(%x: tensor<2x6xf32>, %b: tensor<6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  // expected-remark @+1 {{not fused: gelu input is not a tfm.linear}}
  %0 = tfm.gelu %x approximate <tanh> : tensor<2x6xf32>
  // expected-remark @+1 {{not fused: neither operand is a tfm.linear or tfm.mlp}}
  %1 = tfm.add %x, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %0, %1 : tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

func.func @multi_use_linear(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear has users other than the gelu}}
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear has users other than the add}}
  %2 = tfm.add %0, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %1, %2 : tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

func.func @gelu_after_activation(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <tanh> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear already applies activation tanh}}
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

func.func @gelu_after_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear adds a residual, which its activation would precede}}
  %1 = tfm.gelu %0 approximate <erf> : tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

func.func @second_bias(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear already has a bias}}
  %1 = tfm.add %0, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

func.func @bias_after_activation(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <gelu_erf> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear applies its activation before the add, so 'tensor<6xf32>' cannot become its bias}}
  %1 = tfm.add %b, %0 : (tensor<6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

func.func @second_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear already adds a residual}}
  %1 = tfm.add %0, %r : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

func.func @broadcasting_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<1x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: the other operand 'tensor<1x6xf32>' is neither a bias [6] nor of the tfm.linear result type 'tensor<2x6xf32>' (a residual must not broadcast)}}
  %1 = tfm.add %0, %r : (tensor<2x6xf32>, tensor<1x6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

func.func @add_broadcasts_linear(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %r: tensor<3x6xf32>) -> tensor<3x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  // expected-remark @+1 {{not fused: the add's result 'tensor<3x6xf32>' does not have the tfm.linear result type 'tensor<6xf32>'}}
  %1 = tfm.add %0, %r : (tensor<6xf32>, tensor<3x6xf32>) -> tensor<3x6xf32>
  return %1 : tensor<3x6xf32>
}

// -----

// Not a broadcast, but the add's result is more static than the linear's:
// the fused linear could not have the add's type.
func.func @add_more_static(%x: tensor<?x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>) -> tensor<?x6xf32>
  // expected-remark @+1 {{not fused: the add's result 'tensor<2x6xf32>' does not have the tfm.linear result type 'tensor<?x6xf32>'}}
  %1 = tfm.add %0, %r : (tensor<?x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

// When both operands are layers, the reasons for each are given, the
// left-hand one first.
func.func @both_refused(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear already adds a residual; tfm.linear has users other than the add}}
  %2 = tfm.add %0, %1 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1, %2 : tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

func.func @mlp_multi_use(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // expected-remark @+1 {{not fused: tfm.mlp has users other than the add}}
  %1 = tfm.add %0, %x : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

func.func @mlp_broadcasting_residual(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // expected-remark @+1 {{not fused: the other operand 'tensor<4xf32>' does not have the tfm.mlp result type 'tensor<2x4xf32>' (a residual must not broadcast)}}
  %1 = tfm.add %0, %b2 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// A chain that fuses in steps reports nothing, although the add was refused
// before the gelu had become the linear's activation.
func.func @no_remark_once_fused(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  %2 = tfm.add %r, %1 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %2 : tensor<2x6xf32>
}

// -----

func.func @gelu_sigmoid_after_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  // expected-remark @+1 {{not fused: tfm.linear adds a residual, which its activation would precede}}
  %1 = tfm.gelu %0 approximate <sigmoid> : tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}
