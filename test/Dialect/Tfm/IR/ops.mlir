// RUN: tfm-opt %s --split-input-file | tfm-opt --split-input-file | FileCheck %s
// RUN: tfm-opt %s --split-input-file --mlir-print-op-generic | tfm-opt --split-input-file | FileCheck %s

// Round trips of every tfm op through the custom and the generic form.

// CHECK-LABEL: func.func @param
// CHECK: %[[P:.*]] = tfm.param "h.0.attn.c_attn.weight" : tensor<4x8xf32>
// CHECK-NEXT: return %[[P]] : tensor<4x8xf32>
func.func @param() -> tensor<4x8xf32> {
  %0 = tfm.param "h.0.attn.c_attn.weight" : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// A transposed parameter (bound as the transpose of the stored [out, in]
// tensor; see tfm-pretranspose-weights) next to the stored one of the same
// name.
// CHECK-LABEL: func.func @param_transposed
// CHECK: %[[T:.*]] = tfm.param "pooler.dense.weight" transposed : tensor<4x8xf32>
// CHECK-NEXT: %[[S:.*]] = tfm.param "pooler.dense.weight" : tensor<8x4xf32>
// CHECK-NEXT: return %[[T]], %[[S]] : tensor<4x8xf32>, tensor<8x4xf32>
func.func @param_transposed() -> (tensor<4x8xf32>, tensor<8x4xf32>) {
  %0 = tfm.param "pooler.dense.weight" transposed : tensor<4x8xf32>
  %1 = tfm.param "pooler.dense.weight" : tensor<8x4xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<8x4xf32>
}

// -----

// Any name without control characters: spaces and UTF-8 are kept as they are.
// CHECK-LABEL: func.func @param_unusual_name
// CHECK: %[[P:.*]] = tfm.param "h.0 w\C3\A9ight" : tensor<4xf32> aliases ["h.0.poids \E2\82\AC"]
// CHECK-NEXT: return %[[P]] : tensor<4xf32>
func.func @param_unusual_name() -> tensor<4xf32> {
  %0 = tfm.param "h.0 w\C3\A9ight" : tensor<4xf32> aliases ["h.0.poids \E2\82\AC"]
  return %0 : tensor<4xf32>
}

// -----

// A rank-0 parameter has a static shape too.
// CHECK-LABEL: func.func @param_scalar_bf16
// CHECK: tfm.param "scale" : tensor<bf16>
func.func @param_scalar_bf16() -> tensor<bf16> {
  %0 = tfm.param "scale" : tensor<bf16>
  return %0 : tensor<bf16>
}

// -----

// The other names a checkpoint may use, in order, after the type.
// CHECK-LABEL: func.func @param_aliases
// CHECK: %[[P:.*]] = tfm.param "ln.weight" : tensor<4xf32> aliases ["ln.gamma", "bert.ln.weight"]
// CHECK-NEXT: %[[T:.*]] = tfm.param "fc.weight" transposed : tensor<4x8xf32> aliases ["bert.fc.weight"]
// CHECK-NEXT: return %[[P]], %[[T]]
func.func @param_aliases() -> (tensor<4xf32>, tensor<4x8xf32>) {
  %0 = tfm.param "ln.weight" : tensor<4xf32> aliases ["ln.gamma", "bert.ln.weight"]
  %1 = tfm.param "fc.weight" transposed : tensor<4x8xf32> aliases ["bert.fc.weight"]
  return %0, %1 : tensor<4xf32>, tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[TABLE:.*]]: tensor<10x4xf32>, %[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: %[[E:.*]] = tfm.embedding %[[TABLE]][%[[IDS]]] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
// CHECK-NEXT: return %[[E]]
func.func @embedding(%table: tensor<10x4xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x4xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @embedding_i32_f16
// CHECK-SAME: (%[[TABLE:.*]]: tensor<10x4xf16>, %[[IDS:.*]]: tensor<2x3xi32>)
// CHECK: tfm.embedding %[[TABLE]][%[[IDS]]] : tensor<10x4xf16>, tensor<2x3xi32> -> tensor<2x3x4xf16>
func.func @embedding_i32_f16(%table: tensor<10x4xf16>, %ids: tensor<2x3xi32>) -> tensor<2x3x4xf16> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf16>, tensor<2x3xi32> -> tensor<2x3x4xf16>
  return %0 : tensor<2x3x4xf16>
}

// -----

// CHECK-LABEL: func.func @position_ids
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: tfm.position_ids %[[IDS]] : tensor<?x?xi64>
func.func @position_ids(%ids: tensor<?x?xi64>) -> tensor<?x?xi64> {
  %0 = tfm.position_ids %ids : tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// -----

// From an offset: the tokens a KV cache already holds.
// CHECK-LABEL: func.func @position_ids_offset
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>, %[[POS:.*]]: tensor<i64>)
// CHECK: tfm.position_ids %[[IDS]] offset %[[POS]] : tensor<?x?xi64>, tensor<i64>
func.func @position_ids_offset(%ids: tensor<?x?xi64>, %pos: tensor<i64>) -> tensor<?x?xi64> {
  %0 = tfm.position_ids %ids offset %pos : tensor<?x?xi64>, tensor<i64>
  return %0 : tensor<?x?xi64>
}

// -----

// Past padding (RoBERTa): the padding id as an attribute.
// CHECK-LABEL: func.func @position_ids_padding
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>, %[[IDS32:.*]]: tensor<2x5xi32>)
// CHECK: tfm.position_ids %[[IDS]] padding 1 : tensor<?x?xi64>
// CHECK: tfm.position_ids %[[IDS32]] padding 0 : tensor<2x5xi32>
func.func @position_ids_padding(%ids: tensor<?x?xi64>, %ids32: tensor<2x5xi32>) -> (tensor<?x?xi64>, tensor<2x5xi32>) {
  %0 = tfm.position_ids %ids padding 1 : tensor<?x?xi64>
  %1 = tfm.position_ids %ids32 padding 0 : tensor<2x5xi32>
  return %0, %1 : tensor<?x?xi64>, tensor<2x5xi32>
}

// -----

// Rotary positions (LLaMA): the model's number of positions as a limit,
// with and without a cache's offset.
// CHECK-LABEL: func.func @position_ids_limit
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>, %[[POS:.*]]: tensor<i64>)
// CHECK: tfm.position_ids %[[IDS]] limit 2048 : tensor<?x?xi64>
// CHECK: tfm.position_ids %[[IDS]] offset %[[POS]] limit 64 : tensor<?x?xi64>, tensor<i64>
func.func @position_ids_limit(%ids: tensor<?x?xi64>, %pos: tensor<i64>) -> (tensor<?x?xi64>, tensor<?x?xi64>) {
  %0 = tfm.position_ids %ids limit 2048 : tensor<?x?xi64>
  %1 = tfm.position_ids %ids offset %pos limit 64 : tensor<?x?xi64>, tensor<i64>
  return %0, %1 : tensor<?x?xi64>, tensor<?x?xi64>
}

// -----

// CHECK-LABEL: func.func @patch_embed
// CHECK-SAME: (%[[PIX:.*]]: tensor<?x3x8x8xf32>, %[[W:.*]]: tensor<4x3x4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: tfm.patch_embed %[[PIX]], %[[W]], %[[B]] : (tensor<?x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<?x4x4xf32>
func.func @patch_embed(%pixels: tensor<?x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> tensor<?x4x4xf32> {
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<?x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<?x4x4xf32>
  return %0 : tensor<?x4x4xf32>
}

// -----

// A rectangular image: 2x3 patches. Channels and image size are static (a
// dynamic one is invalid); the result may leave the patch count dynamic.
// CHECK-LABEL: func.func @patch_embed_rectangular
// CHECK-SAME: (%[[PIX:.*]]: tensor<1x3x8x12xf32>, %[[W:.*]]: tensor<4x3x4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: tfm.patch_embed %[[PIX]], %[[W]], %[[B]] : (tensor<1x3x8x12xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x6x4xf32>
// CHECK: tfm.patch_embed %[[PIX]], %[[W]], %[[B]] : (tensor<1x3x8x12xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
func.func @patch_embed_rectangular(%pixels: tensor<1x3x8x12xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> (tensor<1x6x4xf32>, tensor<1x?x4xf32>) {
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<1x3x8x12xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x6x4xf32>
  %1 = tfm.patch_embed %pixels, %w, %b : (tensor<1x3x8x12xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return %0, %1 : tensor<1x6x4xf32>, tensor<1x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @prepend_cls
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8xf32>, %[[CLS:.*]]: tensor<1x1x8xf32>)
// CHECK: tfm.prepend_cls %[[X]], %[[CLS]] : (tensor<?x4x8xf32>, tensor<1x1x8xf32>) -> tensor<?x5x8xf32>
func.func @prepend_cls(%x: tensor<?x4x8xf32>, %cls: tensor<1x1x8xf32>) -> tensor<?x5x8xf32> {
  %0 = tfm.prepend_cls %x, %cls : (tensor<?x4x8xf32>, tensor<1x1x8xf32>) -> tensor<?x5x8xf32>
  return %0 : tensor<?x5x8xf32>
}

// -----

// CHECK-LABEL: func.func @prepend_cls_dynamic_sequence
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>, %[[CLS:.*]]: tensor<1x1x8xf32>)
// CHECK: tfm.prepend_cls %[[X]], %[[CLS]] : (tensor<?x?x8xf32>, tensor<1x1x8xf32>) -> tensor<?x?x8xf32>
func.func @prepend_cls_dynamic_sequence(%x: tensor<?x?x8xf32>, %cls: tensor<1x1x8xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.prepend_cls %x, %cls : (tensor<?x?x8xf32>, tensor<1x1x8xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// CHECK-LABEL: func.func @cls_token
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>)
// CHECK: tfm.cls_token %[[X]] : tensor<?x?x8xf32> -> tensor<?x8xf32>
func.func @cls_token(%x: tensor<?x?x8xf32>) -> tensor<?x8xf32> {
  %0 = tfm.cls_token %x : tensor<?x?x8xf32> -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// CLIP's pooled output: each row's hidden state at its largest id.
// CHECK-LABEL: func.func @token_at_argmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>, %[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: %[[POS:.*]] = tfm.argmax %[[IDS]] : tensor<?x?xi64> -> tensor<?xi64>
// CHECK: %[[ROW:.*]] = tfm.token_at %[[X]][%[[POS]]] : tensor<?x?x8xf32>, tensor<?xi64> -> tensor<?x8xf32>
// CHECK: return %[[ROW]]
func.func @token_at_argmax(%x: tensor<?x?x8xf32>, %ids: tensor<?x?xi64>) -> tensor<?x8xf32> {
  %0 = tfm.argmax %ids : tensor<?x?xi64> -> tensor<?xi64>
  %1 = tfm.token_at %x[%0] : tensor<?x?x8xf32>, tensor<?xi64> -> tensor<?x8xf32>
  return %1 : tensor<?x8xf32>
}

// -----

// Static shapes, i32 positions and a rank-3 argmax into i32; the first
// position of a value (argmax equal).
// CHECK-LABEL: func.func @token_at_static
// CHECK: tfm.token_at %{{.*}}[%{{.*}}] : tensor<2x5x8xbf16>, tensor<2xi32> -> tensor<2x8xbf16>
// CHECK: tfm.argmax %{{.*}} : tensor<2x3x4xi32> -> tensor<2x3xi32>
// CHECK: tfm.argmax %{{.*}} equal -7 : tensor<2x3x4xi32> -> tensor<2x3xi64>
func.func @token_at_static(%x: tensor<2x5x8xbf16>, %p: tensor<2xi32>, %ids: tensor<2x3x4xi32>) -> (tensor<2x8xbf16>, tensor<2x3xi32>, tensor<2x3xi64>) {
  %0 = tfm.token_at %x[%p] : tensor<2x5x8xbf16>, tensor<2xi32> -> tensor<2x8xbf16>
  %1 = tfm.argmax %ids : tensor<2x3x4xi32> -> tensor<2x3xi32>
  %2 = tfm.argmax %ids equal -7 : tensor<2x3x4xi32> -> tensor<2x3xi64>
  return %0, %1, %2 : tensor<2x8xbf16>, tensor<2x3xi32>, tensor<2x3xi64>
}

// -----

// The precision prints only when it is not f32.

// CHECK-LABEL: func.func @linear_precision
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<6x4xf32>, %[[R:.*]]: tensor<?x6xf32>)
// CHECK: %[[B:.*]] = tfm.linear %[[X]], %[[W]] layout <out_in> precision <bf16> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
// CHECK: %[[I:.*]] = tfm.linear %[[X]], %[[W]] layout <out_in> activation <gelu_erf> residual %[[B]] precision <int8> :
// CHECK: tfm.linear %[[X]], %[[W]] layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
func.func @linear_precision(%x: tensor<?x4xf32>, %w: tensor<6x4xf32>, %r: tensor<?x6xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>) {
  %0 = tfm.linear %x, %w layout <out_in> precision <bf16> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  %1 = tfm.linear %x, %w layout <out_in> activation <gelu_erf> residual %0 precision <int8> : (tensor<?x4xf32>, tensor<6x4xf32>, tensor<?x6xf32>) -> tensor<?x6xf32>
  %2 = tfm.linear %x, %w layout <out_in> precision <f32> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  return %1, %2 : tensor<?x6xf32>, tensor<?x6xf32>
}

// -----

// CHECK-LABEL: func.func @linear_in_out_bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @linear_in_out_bias(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<?x?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// CHECK-LABEL: func.func @linear_out_in_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK: tfm.linear %[[X]], %[[W]] layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
func.func @linear_out_in_no_bias(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// CHECK-LABEL: func.func @linear_activation
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: tfm.linear %[[X]], %[[W]], %[[B]] layout <out_in> activation <tanh> : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
func.func @linear_activation(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = tfm.linear %x, %w, %b layout <out_in> activation <tanh> : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @linear_gelu_no_bias_bf16
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xbf16>, %[[W:.*]]: tensor<4x6xbf16>)
// CHECK: tfm.linear %[[X]], %[[W]] layout <in_out> activation <gelu_erf> : (tensor<2x4xbf16>, tensor<4x6xbf16>) -> tensor<2x6xbf16>
func.func @linear_gelu_no_bias_bf16(%x: tensor<2x4xbf16>, %w: tensor<4x6xbf16>) -> tensor<2x6xbf16> {
  %0 = tfm.linear %x, %w layout <in_out> activation <gelu_erf> : (tensor<2x4xbf16>, tensor<4x6xbf16>) -> tensor<2x6xbf16>
  return %0 : tensor<2x6xbf16>
}

// -----

// CLIP's quick_gelu, as a linear's activation and as tfm.gelu and tfm.mlp.
// CHECK-LABEL: func.func @gelu_sigmoid
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[L:.*]] = tfm.linear %[[X]], %[[W]] layout <in_out> activation <gelu_sigmoid> :
// CHECK: %[[G:.*]] = tfm.gelu %[[L]] approximate <sigmoid> : tensor<2x4xf32>
// CHECK: %[[M:.*]] = tfm.mlp %[[G]], %[[W]], %[[B]], %[[W]], %[[B]] layout <out_in> approximate <sigmoid> :
// CHECK: return %[[M]]
func.func @gelu_sigmoid(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <gelu_sigmoid> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = tfm.gelu %0 approximate <sigmoid> : tensor<2x4xf32>
  %2 = tfm.mlp %1, %w, %b, %w, %b layout <out_in> approximate <sigmoid> : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @linear_gelu_tanh
// CHECK: tfm.linear %{{.*}}, %{{.*}} layout <in_out> activation <gelu_tanh> :
func.func @linear_gelu_tanh(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <gelu_tanh> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// The default activation is not printed.
// CHECK-LABEL: func.func @linear_activation_none_elided
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x6xf32>)
// CHECK: tfm.linear %[[X]], %[[W]] layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
func.func @linear_activation_none_elided(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <none> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// CHECK-LABEL: func.func @linear_bias_activation_residual
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[R:.*]]: tensor<?x?x6xf32>)
// CHECK: %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> activation <gelu_tanh> residual %[[R]] : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @linear_bias_activation_residual(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> activation <gelu_tanh> residual %r : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// A residual without a bias: the third operand is the residual.
// CHECK-LABEL: func.func @linear_residual_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>, %[[R:.*]]: tensor<2x6xf32>)
// CHECK: tfm.linear %[[X]], %[[W]] layout <out_in> residual %[[R]] : (tensor<2x4xf32>, tensor<6x4xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
func.func @linear_residual_no_bias(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> residual %r : (tensor<2x4xf32>, tensor<6x4xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// The generic form says which optional operands are present with
// operandSegmentSizes (input, weight, bias, residual).
// CHECK-LABEL: func.func @linear_generic_segments
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[R:.*]]: tensor<2x6xf32>)
// CHECK: %[[Y0:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> residual %[[R]] : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
// CHECK: %[[Y1:.*]] = tfm.linear %[[X]], %[[W]] layout <in_out> activation <gelu_erf> residual %[[Y0]] : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
// CHECK: %[[Y2:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
// CHECK: return %[[Y1]], %[[Y2]]
func.func @linear_generic_segments(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = "tfm.linear"(%x, %w, %b, %r) <{layout = #tfm.layout<in_out>, operandSegmentSizes = array<i32: 1, 1, 1, 1>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %1 = "tfm.linear"(%x, %w, %0) <{activation = #tfm.activation<gelu_erf>, layout = #tfm.layout<in_out>, operandSegmentSizes = array<i32: 1, 1, 0, 1>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %2 = "tfm.linear"(%x, %w, %b) <{layout = #tfm.layout<in_out>, operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %1, %2 : tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[G:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: tfm.layer_norm %[[X]], %[[G]], %[[B]] eps 1.000000e-05 : (tensor<?x?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
func.func @layer_norm(%x: tensor<?x?x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @rms_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[G:.*]]: tensor<4xf32>)
// CHECK: tfm.rms_norm %[[X]], %[[G]] eps 9.9999999999999995E-7 : (tensor<?x?x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
func.func @rms_norm(%x: tensor<?x?x4xf32>, %g: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.rms_norm %x, %g eps 1.000000e-06 : (tensor<?x?x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @gated_activation
// CHECK-SAME: (%[[G:.*]]: tensor<?x?x6xf32>, %[[U:.*]]: tensor<?x?x6xf32>, %{{.*}}: tensor<4x6xf32>)
// CHECK: tfm.gated_activation %[[G]], %[[U]] activation <silu> : tensor<?x?x6xf32>
// CHECK: tfm.gated_activation %[[G]], %[[U]] activation <gelu_tanh> : tensor<?x?x6xf32>
// CHECK: tfm.linear %{{.*}}, %{{.*}} layout <out_in> activation <relu>
func.func @gated_activation(%g: tensor<?x?x6xf32>, %u: tensor<?x?x6xf32>, %w: tensor<4x6xf32>) -> (tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x?x4xf32>) {
  %0 = tfm.gated_activation %g, %u activation <silu> : tensor<?x?x6xf32>
  %1 = tfm.gated_activation %g, %u activation <gelu_tanh> : tensor<?x?x6xf32>
  %2 = tfm.linear %g, %w layout <out_in> activation <relu> : (tensor<?x?x6xf32>, tensor<4x6xf32>) -> tensor<?x?x4xf32>
  return %0, %1, %2 : tensor<?x?x6xf32>, tensor<?x?x6xf32>, tensor<?x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @gelu
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>)
// CHECK: tfm.gelu %[[X]] approximate <tanh> : tensor<?x?x4xf32>
// CHECK: tfm.gelu %[[X]] approximate <erf> : tensor<?x?x4xf32>
func.func @gelu(%x: tensor<?x?x4xf32>) -> (tensor<?x?x4xf32>, tensor<?x?x4xf32>) {
  %0 = tfm.gelu %x approximate <tanh> : tensor<?x?x4xf32>
  %1 = tfm.gelu %x approximate <erf> : tensor<?x?x4xf32>
  return %0, %1 : tensor<?x?x4xf32>, tensor<?x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @mlp_in_out
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W1:.*]]: tensor<4x16xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<16x4xf32>, %[[B2:.*]]: tensor<4xf32>)
// CHECK: tfm.mlp %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] layout <in_out> approximate <tanh> : (tensor<?x?x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
func.func @mlp_in_out(%x: tensor<?x?x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<?x?x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @mlp_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W1:.*]]: tensor<16x4xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<4x16xf32>, %[[B2:.*]]: tensor<4xf32>)
// CHECK: tfm.mlp %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
func.func @mlp_out_in(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @add
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<2x3x4xf32>)
// CHECK: tfm.add %[[A]], %[[B]] : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
func.func @add(%a: tensor<2x3x4xf32>, %b: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tfm.add %a, %b : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// An additive padding mask broadcast over heads and query positions.
// CHECK-LABEL: func.func @add_broadcast_mask
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[M:.*]]: tensor<?x1x1x?xf32>)
// CHECK: tfm.add %[[S]], %[[M]] : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
func.func @add_broadcast_mask(%scores: tensor<?x2x?x?xf32>, %mask: tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.add %scores, %mask : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// Missing leading dimensions broadcast, on either side.
// CHECK-LABEL: func.func @add_broadcast_rank
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: tfm.add %[[B]], %[[X]] : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
func.func @add_broadcast_rank(%x: tensor<2x3x4xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = tfm.add %b, %x : (tensor<4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x?xf32>)
// CHECK: tfm.scale %[[X]] by 1.250000e-01 : tensor<?x2x?x?xf32>
func.func @scale(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.scale %x by 1.250000e-01 : tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[C:.*]]: tensor<2x3xi1>, %[[A:.*]]: tensor<2x3xf16>, %[[B:.*]]: tensor<2x3xf16>)
// CHECK: tfm.select %[[C]], %[[A]], %[[B]] : (tensor<2x3xi1>, tensor<2x3xf16>, tensor<2x3xf16>) -> tensor<2x3xf16>
func.func @select(%c: tensor<2x3xi1>, %a: tensor<2x3xf16>, %b: tensor<2x3xf16>) -> tensor<2x3xf16> {
  %0 = tfm.select %c, %a, %b : (tensor<2x3xi1>, tensor<2x3xf16>, tensor<2x3xf16>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// A [T, T] causal keep-mask and a rank-0 -inf both broadcast to the scores.
// CHECK-LABEL: func.func @select_neg_inf
// CHECK-SAME: (%[[KEEP:.*]]: tensor<?x?xi1>, %[[S:.*]]: tensor<?x2x?x?xf32>)
// CHECK: %[[NEG_INF:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
// CHECK: tfm.select %[[KEEP]], %[[S]], %[[NEG_INF]] : (tensor<?x?xi1>, tensor<?x2x?x?xf32>, tensor<f32>) -> tensor<?x2x?x?xf32>
func.func @select_neg_inf(%keep: tensor<?x?xi1>, %scores: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %neg_inf = arith.constant dense<0xFF800000> : tensor<f32>
  %0 = tfm.select %keep, %scores, %neg_inf : (tensor<?x?xi1>, tensor<?x2x?x?xf32>, tensor<f32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<2x4x5xf32>)
// CHECK: tfm.matmul %[[A]], %[[B]] : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
func.func @matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = tfm.matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_transpose_rhs
// CHECK-SAME: (%[[Q:.*]]: tensor<?x2x?x4xf32>, %[[K:.*]]: tensor<?x2x?x4xf32>)
// CHECK: tfm.matmul %[[Q]], %[[K]] transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
func.func @matmul_transpose_rhs(%q: tensor<?x2x?x4xf32>, %k: tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.matmul %q, %k transpose_rhs : (tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @rotary_embedding
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>, %[[P:.*]]: tensor<?x?xi64>)
// CHECK: tfm.rotary_embedding %[[X]], %[[P]] heads 2 theta 1.000000e+04 : (tensor<?x?x8xf32>, tensor<?x?xi64>) -> tensor<?x?x8xf32>
func.func @rotary_embedding(%x: tensor<?x?x8xf32>, %p: tensor<?x?xi64>) -> tensor<?x?x8xf32> {
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.000000e+04 : (tensor<?x?x8xf32>, tensor<?x?xi64>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// CHECK-LABEL: func.func @relative_position_bias
// CHECK-SAME: (%[[TABLE:.*]]: tensor<32x8xf32>, %[[T:.*]]: index, %[[S:.*]]: index)
// CHECK: tfm.relative_position_bias %[[TABLE]] queries %[[T]] keys %[[S]] max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
// CHECK: tfm.relative_position_bias %[[TABLE]] queries %[[T]] keys %[[S]] max_distance 128 : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
func.func @relative_position_bias(%table: tensor<32x8xf32>, %t: index, %s: index) -> (tensor<1x8x?x?xf32>, tensor<1x8x?x?xf32>) {
  %0 = tfm.relative_position_bias %table queries %t keys %s max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
  %1 = tfm.relative_position_bias %table queries %t keys %s max_distance 128 : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
  return %0, %1 : tensor<1x8x?x?xf32>, tensor<1x8x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @split_heads
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>)
// CHECK: tfm.split_heads %[[X]] heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
func.func @split_heads(%x: tensor<?x?x8xf32>) -> tensor<?x2x?x4xf32> {
  %0 = tfm.split_heads %x heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
  return %0 : tensor<?x2x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @merge_heads
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x4xf32>)
// CHECK: tfm.merge_heads %[[X]] : tensor<?x2x?x4xf32> -> tensor<?x?x8xf32>
func.func @merge_heads(%x: tensor<?x2x?x4xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.merge_heads %x : tensor<?x2x?x4xf32> -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// CHECK-LABEL: func.func @causal_mask
// CHECK-SAME: (%[[T:.*]]: index)
// CHECK: tfm.causal_mask %[[T]] : tensor<?x?xi1>
func.func @causal_mask(%t: index) -> tensor<?x?xi1> {
  %0 = tfm.causal_mask %t : tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// CHECK-LABEL: func.func @causal_mask_static
// CHECK-SAME: (%[[T:.*]]: index)
// CHECK: tfm.causal_mask %[[T]] : tensor<4x4xi1>
func.func @causal_mask_static(%t: index) -> tensor<4x4xi1> {
  %0 = tfm.causal_mask %t : tensor<4x4xi1>
  return %0 : tensor<4x4xi1>
}

// -----

// With keys: [T, S], the T queries the last of S positions.
// CHECK-LABEL: func.func @causal_mask_keys
// CHECK-SAME: (%[[T:.*]]: index, %[[S:.*]]: index)
// CHECK: tfm.causal_mask %[[T]] keys %[[S]] : tensor<?x?xi1>
func.func @causal_mask_keys(%t: index, %s: index) -> tensor<?x?xi1> {
  %0 = tfm.causal_mask %t keys %s : tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// CHECK-LABEL: func.func @causal_mask_keys_static
// CHECK: tfm.causal_mask %{{.*}} keys %{{.*}} : tensor<1x5xi1>
func.func @causal_mask_keys_static(%t: index, %s: index) -> tensor<1x5xi1> {
  %0 = tfm.causal_mask %t keys %s : tensor<1x5xi1>
  return %0 : tensor<1x5xi1>
}

// -----

// CHECK-LABEL: func.func @padding_mask
// CHECK-SAME: (%[[M:.*]]: tensor<?x?xi64>)
// CHECK: tfm.padding_mask %[[M]] : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
func.func @padding_mask(%m: tensor<?x?xi64>) -> tensor<?x1x1x?xf32> {
  %0 = tfm.padding_mask %m : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
  return %0 : tensor<?x1x1x?xf32>
}

// -----

// CHECK-LABEL: func.func @mlm_mask
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: tfm.mlm_mask %[[IDS]] seed 42 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
func.func @mlm_mask(%ids: tensor<?x?xi64>) -> tensor<?x?xi1> {
  %0 = tfm.mlm_mask %ids seed 42 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// The closed interval's ends are valid probabilities.
// CHECK-LABEL: func.func @mlm_mask_bounds
// CHECK: tfm.mlm_mask %{{.*}} seed 0 probability 0.000000e+00 : tensor<2x3xi32> -> tensor<2x3xi1>
// CHECK: tfm.mlm_mask %{{.*}} seed -1 probability 1.000000e+00 : tensor<2x3xi32> -> tensor<2x3xi1>
func.func @mlm_mask_bounds(%ids: tensor<2x3xi32>) -> (tensor<2x3xi1>, tensor<2x3xi1>) {
  %0 = tfm.mlm_mask %ids seed 0 probability 0.0 : tensor<2x3xi32> -> tensor<2x3xi1>
  %1 = tfm.mlm_mask %ids seed -1 probability 1.0 : tensor<2x3xi32> -> tensor<2x3xi1>
  return %0, %1 : tensor<2x3xi1>, tensor<2x3xi1>
}

// -----

// CHECK-LABEL: func.func @mlm_mask_step_exclude
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>, %[[STEP:.*]]: tensor<i64>)
// CHECK: tfm.mlm_mask %[[IDS]] step %[[STEP]] seed 42 probability 1.500000e-01 exclude [0, 101, 102] : tensor<?x?xi64>, tensor<i64> -> tensor<?x?xi1>
func.func @mlm_mask_step_exclude(%ids: tensor<?x?xi64>, %step: tensor<i64>) -> tensor<?x?xi1> {
  %0 = tfm.mlm_mask %ids step %step seed 42 probability 1.500000e-01 exclude [0, 101, 102] : tensor<?x?xi64>, tensor<i64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// CHECK-LABEL: func.func @mlm_corrupt
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi32>, %[[MASK:.*]]: tensor<?x?xi1>, %[[STEP:.*]]: tensor<i64>)
// CHECK: tfm.mlm_corrupt %[[IDS]], %[[MASK]] seed 42 mask_token 103 vocab 30522 : (tensor<?x?xi32>, tensor<?x?xi1>) -> tensor<?x?xi32>
// CHECK: tfm.mlm_corrupt %[[IDS]], %[[MASK]] step %[[STEP]] seed -1 mask_token 0 vocab 1 : (tensor<?x?xi32>, tensor<?x?xi1>, tensor<i64>) -> tensor<?x?xi32>
func.func @mlm_corrupt(%ids: tensor<?x?xi32>, %mask: tensor<?x?xi1>, %step: tensor<i64>) -> (tensor<?x?xi32>, tensor<?x?xi32>) {
  %0 = tfm.mlm_corrupt %ids, %mask seed 42 mask_token 103 vocab 30522 : (tensor<?x?xi32>, tensor<?x?xi1>) -> tensor<?x?xi32>
  %1 = tfm.mlm_corrupt %ids, %mask step %step seed -1 mask_token 0 vocab 1 : (tensor<?x?xi32>, tensor<?x?xi1>, tensor<i64>) -> tensor<?x?xi32>
  return %0, %1 : tensor<?x?xi32>, tensor<?x?xi32>
}

// -----

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x?xf32>)
// CHECK: tfm.softmax %[[X]] : tensor<?x2x?x?xf32>
func.func @softmax(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.softmax %x : tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @masked_softmax_bool
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[KEEP:.*]]: tensor<?x?xi1>)
// CHECK: tfm.masked_softmax %[[S]], %[[KEEP]] scale 1.250000e-01 : (tensor<?x2x?x?xf32>, tensor<?x?xi1>) -> tensor<?x2x?x?xf32>
func.func @masked_softmax_bool(%s: tensor<?x2x?x?xf32>, %keep: tensor<?x?xi1>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.masked_softmax %s, %keep scale 1.250000e-01 : (tensor<?x2x?x?xf32>, tensor<?x?xi1>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @masked_softmax_additive
// CHECK-SAME: (%[[S:.*]]: tensor<?x2x?x?xf32>, %[[M:.*]]: tensor<?x1x1x?xf32>)
// CHECK: tfm.masked_softmax %[[S]], %[[M]] scale 1.000000e+00 : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
func.func @masked_softmax_additive(%s: tensor<?x2x?x?xf32>, %mask: tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.masked_softmax %s, %mask scale 1.000000e+00 : (tensor<?x2x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @attention
// CHECK-SAME: (%[[Q:.*]]: tensor<?x?x8xf32>, %[[K:.*]]: tensor<?x?x8xf32>, %[[V:.*]]: tensor<?x?x8xf32>)
// CHECK: tfm.attention %[[Q]], %[[K]], %[[V]] heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
func.func @attention(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.attention %q, %k, %v heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// CHECK-LABEL: func.func @attention_bf16
// CHECK-SAME: (%[[Q:.*]]: tensor<?x?x8xf32>)
// CHECK: tfm.attention %[[Q]], %[[Q]], %[[Q]] heads 2 scale 5.000000e-01 precision <bf16> : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
func.func @attention_bf16(%q: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.attention %q, %q, %q heads 2 scale 5.000000e-01 precision <bf16> : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// CHECK-LABEL: func.func @attention_bool_mask
// CHECK-SAME: (%[[Q:.*]]: tensor<?x?x8xf32>, %[[K:.*]]: tensor<?x?x8xf32>, %[[V:.*]]: tensor<?x?x8xf32>, %[[KEEP:.*]]: tensor<?x?xi1>)
// CHECK: tfm.attention %[[Q]], %[[K]], %[[V]] mask %[[KEEP]] heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
func.func @attention_bool_mask(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %keep: tensor<?x?xi1>) -> tensor<?x?x8xf32> {
  %0 = tfm.attention %q, %k, %v mask %keep heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// Cross-attention (T = 3 queries, S = 5 keys) with an additive padding mask.
// CHECK-LABEL: func.func @attention_additive_mask
// CHECK-SAME: (%[[Q:.*]]: tensor<2x3x8xf32>, %[[KV:.*]]: tensor<2x5x8xf32>, %[[M:.*]]: tensor<2x1x1x5xf32>)
// CHECK: tfm.attention %[[Q]], %[[KV]], %[[KV]] mask %[[M]] heads 4 scale 5.000000e-01 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x1x1x5xf32>) -> tensor<2x3x8xf32>
func.func @attention_additive_mask(%q: tensor<2x3x8xf32>, %kv: tensor<2x5x8xf32>, %mask: tensor<2x1x1x5xf32>) -> tensor<2x3x8xf32> {
  %0 = tfm.attention %q, %kv, %kv mask %mask heads 4 scale 5.000000e-01 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x1x1x5xf32>) -> tensor<2x3x8xf32>
  return %0 : tensor<2x3x8xf32>
}

// -----

// A layer's keys and values appended to the KV cache [L, 2, B, M, D] at a
// position; the layer number is an operand.
// CHECK-LABEL: func.func @kv_cache_append
// CHECK-SAME: (%[[C:.*]]: tensor<2x2x?x?x8xf32>, %[[K:.*]]: tensor<?x?x8xf32>, %[[V:.*]]: tensor<?x?x8xf32>, %[[P:.*]]: tensor<i64>)
// CHECK: %[[L:.*]] = arith.constant 1 : index
// CHECK: %[[U:[^,]*]], %[[KS:[^,]*]], %[[VS:[^,]*]] = tfm.kv_cache_append %[[C]][%[[L]]], %[[K]], %[[V]] at %[[P]] : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
// CHECK-NEXT: return %[[U]], %[[KS]], %[[VS]]
func.func @kv_cache_append(%cache: tensor<2x2x?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>)
    -> (tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) {
  %layer = arith.constant 1 : index
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return %0, %1, %2 : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
}

// -----

// Static batch, cache length and new tokens; the layer an argument.
// CHECK-LABEL: func.func @kv_cache_append_static
// CHECK-SAME: (%[[C:.*]]: tensor<3x2x1x16x4xf32>, %[[L:.*]]: index, %[[K:.*]]: tensor<1x1x4xf32>, %[[P:.*]]: tensor<i64>)
// CHECK: tfm.kv_cache_append %[[C]][%[[L]]], %[[K]], %[[K]] at %[[P]] : tensor<3x2x1x16x4xf32>, tensor<1x1x4xf32>, tensor<1x1x4xf32>, tensor<i64> -> tensor<3x2x1x16x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>
func.func @kv_cache_append_static(%cache: tensor<3x2x1x16x4xf32>, %layer: index, %k: tensor<1x1x4xf32>, %pos: tensor<i64>) -> tensor<3x2x1x16x4xf32> {
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %k at %pos : tensor<3x2x1x16x4xf32>, tensor<1x1x4xf32>, tensor<1x1x4xf32>, tensor<i64> -> tensor<3x2x1x16x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>
  return %0 : tensor<3x2x1x16x4xf32>
}

// -----

// The default ignore_index (-100) is not printed.
// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<?x?x10xf32>, %[[LABELS:.*]]: tensor<?x?xi64>)
// CHECK: tfm.cross_entropy %[[LOGITS]], %[[LABELS]] : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
func.func @cross_entropy(%logits: tensor<?x?x10xf32>, %labels: tensor<?x?xi64>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %labels {ignore_index = -100 : i64} : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @cross_entropy_next_token
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<?x?x10xf32>, %[[IDS:.*]]: tensor<?x?xi64>)
// CHECK: tfm.cross_entropy %[[LOGITS]], %[[IDS]] next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
func.func @cross_entropy_next_token(%logits: tensor<?x?x10xf32>, %ids: tensor<?x?xi64>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %ids next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @cross_entropy_mask
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<2x3x10xf32>, %[[LABELS:.*]]: tensor<2x3xi32>, %[[MASK:.*]]: tensor<2x3xi1>)
// CHECK: tfm.cross_entropy %[[LOGITS]], %[[LABELS]] mask %[[MASK]] {ignore_index = 0 : i64} : (tensor<2x3x10xf32>, tensor<2x3xi32>, tensor<2x3xi1>) -> tensor<f32>
func.func @cross_entropy_mask(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi32>, %mask: tensor<2x3xi1>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %labels mask %mask {ignore_index = 0 : i64} : (tensor<2x3x10xf32>, tensor<2x3xi32>, tensor<2x3xi1>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @cross_entropy_mask_next_token
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<?x?x10xf32>, %[[LABELS:.*]]: tensor<?x?xi64>, %[[MASK:.*]]: tensor<?x?xi1>)
// CHECK: tfm.cross_entropy %[[LOGITS]], %[[LABELS]] mask %[[MASK]] next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<f32>
func.func @cross_entropy_mask_next_token(%logits: tensor<?x?x10xf32>, %labels: tensor<?x?xi64>, %mask: tensor<?x?xi1>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %labels mask %mask next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// A layer yields what its body computes from values defined outside.
// CHECK-LABEL: func.func @layer
// CHECK-SAME:    (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[Y:.*]] = tfm.layer "h.0" -> tensor<?x8xf32> {
// CHECK-NEXT:   %[[S:.*]] = tfm.softmax %[[X]] : tensor<?x8xf32>
// CHECK-NEXT:   tfm.yield %[[S]] : tensor<?x8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[Y]]
func.func @layer(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = tfm.layer "h.0" -> tensor<?x8xf32> {
    %1 = tfm.softmax %x : tensor<?x8xf32>
    tfm.yield %1 : tensor<?x8xf32>
  }
  return %0 : tensor<?x8xf32>
}
