// RUN: tfm-opt %s --split-input-file --tfm-fuse-linear | FileCheck %s

// GELU (tanh) of a linear becomes the linear's activation.
// CHECK-LABEL: func.func @gelu_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> activation <gelu_tanh> : (tensor<?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @gelu_tanh(%x: tensor<?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  %1 = tfm.gelu %0 approximate <tanh> : tensor<?x6xf32>
  return %1 : tensor<?x6xf32>
}

// -----

// GELU (erf) of a linear without a bias, out_in layout.
// CHECK-LABEL: func.func @gelu_erf_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]] layout <out_in> activation <gelu_erf> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @gelu_erf_no_bias(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
  %1 = tfm.gelu %0 approximate <erf> : tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

// A [N] operand added to a linear without a bias becomes its bias, on
// either side of the add.
// CHECK-LABEL: func.func @bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NEXT: %[[Y0:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: %[[Y1:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: return %[[Y0]], %[[Y1]]
func.func @bias(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> (tensor<?x?x6xf32>, tensor<?x?x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>) -> tensor<?x?x6xf32>
  %1 = tfm.add %0, %b : (tensor<?x?x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>) -> tensor<?x?x6xf32>
  %3 = tfm.add %b, %2 : (tensor<6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %1, %3 : tensor<?x?x6xf32>, tensor<?x?x6xf32>
}

// -----

// An operand of exactly the linear's result type becomes its residual, on
// either side of the add; bias and activation stay, since the residual is
// added after them.
// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[R:.*]]: tensor<?x?x6xf32>)
// CHECK-NEXT: %[[Y0:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> activation <gelu_tanh> residual %[[R]] : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: %[[Y1:.*]] = tfm.linear %[[X]], %[[W]] layout <in_out> residual %[[R]] : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: return %[[Y0]], %[[Y1]]
func.func @residual(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<?x?x6xf32>) -> (tensor<?x?x6xf32>, tensor<?x?x6xf32>) {
  %0 = tfm.linear %x, %w, %b layout <in_out> activation <gelu_tanh> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  %1 = tfm.add %0, %r : (tensor<?x?x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>) -> tensor<?x?x6xf32>
  %3 = tfm.add %r, %2 : (tensor<?x?x6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %1, %3 : tensor<?x?x6xf32>, tensor<?x?x6xf32>
}

// -----

// The residual may have other users (BERT: the add's other operand also
// feeds the next layer norm); the new linear replaces the add where it was.
// CHECK-LABEL: func.func @residual_with_other_users
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x4xf32>, %[[G:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[N:.*]] = tfm.layer_norm %[[X]], %[[G]], %[[G]]
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[N]], %[[W]] layout <out_in> residual %[[N]] : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[M:.*]] = tfm.layer_norm %[[Y]], %[[G]], %[[G]]
// CHECK-NEXT: return %[[M]]
func.func @residual_with_other_users(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>, %g: tensor<4xf32>) -> tensor<2x4xf32> {
  %n = tfm.layer_norm %x, %g, %g eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %0 = tfm.linear %n, %w layout <out_in> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = tfm.add %0, %n : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = tfm.layer_norm %1, %g, %g eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}

// -----

// linear, + bias, GELU, + residual: the fusions compose into one linear.
// CHECK-LABEL: func.func @whole_epilogue
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[R:.*]]: tensor<?x6xf32>)
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> activation <gelu_erf> residual %[[R]] : (tensor<?x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x6xf32>) -> tensor<?x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @whole_epilogue(%x: tensor<?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<?x6xf32>) -> tensor<?x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>) -> tensor<?x6xf32>
  %1 = tfm.add %0, %b : (tensor<?x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  %2 = tfm.gelu %1 approximate <erf> : tensor<?x6xf32>
  %3 = tfm.add %r, %2 : (tensor<?x6xf32>, tensor<?x6xf32>) -> tensor<?x6xf32>
  return %3 : tensor<?x6xf32>
}

// -----

// Both operands are linears that could take the other as residual: the
// left-hand one does.
// CHECK-LABEL: func.func @two_linears
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[V:.*]]: tensor<4x6xf32>)
// CHECK-NEXT: %[[RHS:.*]] = tfm.linear %[[X]], %[[V]] layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]] layout <in_out> residual %[[RHS]]
// CHECK-NEXT: return %[[Y]]
func.func @two_linears(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %v: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.linear %x, %v layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %2 = tfm.add %0, %1 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %2 : tensor<2x6xf32>
}

// -----

// A rank-1 linear's [N] operand is both bias- and residual-shaped: it
// becomes the bias when the linear has none, else the residual.
// CHECK-LABEL: func.func @rank1
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[C:.*]]: tensor<6xf32>)
// CHECK-NEXT: %[[Y0:.*]] = tfm.linear %[[X]], %[[W]], %[[C]] layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[Y1:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> residual %[[C]] : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[Y0]], %[[Y1]]
func.func @rank1(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %c: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  %1 = tfm.add %0, %c : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
  %2 = tfm.linear %x, %w, %b layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
  %3 = tfm.add %2, %c : (tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %1, %3 : tensor<6xf32>, tensor<6xf32>
}

// -----

// add(r, mlp) (GPT-2): fc with the MLP's GELU, then proj with the residual.
// The hidden [?, ?, 16] comes from the in_out fc weight [4, 16].
// CHECK-LABEL: func.func @mlp_residual_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W1:.*]]: tensor<4x16xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<16x4xf32>, %[[B2:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<?x?x4xf32>)
// CHECK-NEXT: %[[H:.*]] = tfm.linear %[[X]], %[[W1]], %[[B1]] layout <in_out> activation <gelu_tanh> : (tensor<?x?x4xf32>, tensor<4x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[H]], %[[W2]], %[[B2]] layout <in_out> residual %[[R]] : (tensor<?x?x16xf32>, tensor<16x4xf32>, tensor<4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @mlp_residual_tanh(%x: tensor<?x?x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>, %r: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<?x?x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  %1 = tfm.add %r, %0 : (tensor<?x?x4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %1 : tensor<?x?x4xf32>
}

// -----

// add(mlp, r) (BERT, ViT): erf GELU; out_in, so the hidden size is the fc
// weight's first dimension.
// CHECK-LABEL: func.func @mlp_residual_erf_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W1:.*]]: tensor<16x4xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<4x16xf32>, %[[B2:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<2x4xf32>)
// CHECK-NEXT: %[[H:.*]] = tfm.linear %[[X]], %[[W1]], %[[B1]] layout <out_in> activation <gelu_erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>) -> tensor<2x16xf32>
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[H]], %[[W2]], %[[B2]] layout <out_in> residual %[[R]] : (tensor<2x16xf32>, tensor<4x16xf32>, tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @mlp_residual_erf_out_in(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>, %r: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = tfm.add %0, %r : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// add(r, mlp) with CLIP's quick_gelu: the fc's activation is gelu_sigmoid.
// CHECK-LABEL: func.func @mlp_residual_sigmoid
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W1:.*]]: tensor<6x4xf32>, %[[B1:.*]]: tensor<6xf32>, %[[W2:.*]]: tensor<4x6xf32>, %[[B2:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<?x?x4xf32>)
// CHECK-NEXT: %[[H:.*]] = tfm.linear %[[X]], %[[W1]], %[[B1]] layout <out_in> activation <gelu_sigmoid> : (tensor<?x?x4xf32>, tensor<6x4xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[H]], %[[W2]], %[[B2]] layout <out_in> residual %[[R]] :
// CHECK-NEXT: return %[[Y]]
func.func @mlp_residual_sigmoid(%x: tensor<?x?x4xf32>, %w1: tensor<6x4xf32>, %b1: tensor<6xf32>, %w2: tensor<4x6xf32>, %b2: tensor<4xf32>, %r: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <sigmoid> : (tensor<?x?x4xf32>, tensor<6x4xf32>, tensor<6xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  %1 = tfm.add %r, %0 : (tensor<?x?x4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %1 : tensor<?x?x4xf32>
}

// -----

// gelu(linear) with the sigmoid approximation.
// CHECK-LABEL: func.func @gelu_sigmoid
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = tfm.linear %[[X]], %[[W]] layout <out_in> activation <gelu_sigmoid> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @gelu_sigmoid(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
  %1 = tfm.gelu %0 approximate <sigmoid> : tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// -----

// Negative: the linear has another user, so neither the GELU nor the bias
// is fused (the product would be computed twice).
// CHECK-LABEL: func.func @multi_use_linear
// CHECK: %[[Y:.*]] = tfm.linear %{{.*}}, %{{.*}} layout <in_out> :
// CHECK-NEXT: tfm.gelu %[[Y]]
// CHECK-NEXT: tfm.add %[[Y]]
func.func @multi_use_linear(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  %2 = tfm.add %0, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %1, %2 : tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

// Negative: a GELU after a linear that already has an activation or a
// residual stays a separate op.
// CHECK-LABEL: func.func @gelu_after_epilogue
// CHECK: %[[A:.*]] = tfm.linear %{{.*}} activation <tanh>
// CHECK-NEXT: tfm.gelu %[[A]]
// CHECK: %[[R:.*]] = tfm.linear %{{.*}} residual
// CHECK-NEXT: tfm.gelu %[[R]]
func.func @gelu_after_epilogue(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> activation <tanh> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %3 = tfm.gelu %2 approximate <erf> : tensor<2x6xf32>
  return %1, %3 : tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

// Negative: broadcasting residuals. [1, 6] and a less static [?, 6] are not
// the linear's result type [2, 6]; a [1] operand is not a [6] bias.
// CHECK-LABEL: func.func @broadcasting_residual
// CHECK-COUNT-3: tfm.add
// CHECK-NOT: residual
func.func @broadcasting_residual(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<1x6xf32>, %s: tensor<?x6xf32>, %c: tensor<1xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.add %0, %r : (tensor<2x6xf32>, tensor<1x6xf32>) -> tensor<2x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %3 = tfm.add %2, %s : (tensor<2x6xf32>, tensor<?x6xf32>) -> tensor<2x6xf32>
  %4 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %5 = tfm.add %4, %c : (tensor<2x6xf32>, tensor<1xf32>) -> tensor<2x6xf32>
  return %1, %3, %5 : tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

// Negative: the add broadcasts the linear's result to a larger shape.
// CHECK-LABEL: func.func @add_broadcasts_linear
// CHECK: %[[Y:.*]] = tfm.linear
// CHECK-NEXT: tfm.add %[[Y]]
func.func @add_broadcasts_linear(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %r: tensor<3x6xf32>) -> tensor<3x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  %1 = tfm.add %0, %r : (tensor<6xf32>, tensor<3x6xf32>) -> tensor<3x6xf32>
  return %1 : tensor<3x6xf32>
}

// -----

// Negative: a second bias, a bias after the activation, a second residual.
// CHECK-LABEL: func.func @epilogue_taken
// CHECK-COUNT-3: tfm.add
func.func @epilogue_taken(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %1 = tfm.add %0, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> activation <gelu_erf> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %3 = tfm.add %2, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %4 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %5 = tfm.add %4, %r : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1, %3, %5 : tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

// Negative: an MLP with another user, and an MLP plus a broadcasting
// operand, stay MLPs.
// CHECK-LABEL: func.func @mlp_not_fused
// CHECK-COUNT-2: tfm.mlp
// CHECK-NOT: tfm.linear
func.func @mlp_not_fused(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>, %r: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = tfm.add %0, %r : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %3 = tfm.add %2, %b2 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0, %1, %3 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// A fused linear keeps its precision: the epilogue (bias, GELU, residual)
// stays f32 whatever the product computes with.
// CHECK-LABEL: func.func @precision_kept
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[G:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> activation <gelu_tanh> precision <int8>
// CHECK-NEXT: %[[R:.*]] = tfm.linear %[[G]], %[[W]], %[[B]] layout <in_out> residual %[[X]] precision <bf16>
// CHECK-NEXT: return %[[R]]
func.func @precision_kept(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> precision <int8> : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %1 = tfm.gelu %0 approximate <tanh> : tensor<?x4xf32>
  %2 = tfm.linear %1, %w layout <in_out> precision <bf16> : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %3 = tfm.add %2, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %4 = tfm.add %3, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %4 : tensor<?x4xf32>
}
