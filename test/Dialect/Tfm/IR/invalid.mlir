// RUN: tfm-opt %s --split-input-file --verify-diagnostics

// Verifier diagnostics of the tfm ops: one case per rule, in the order of
// TfmOps.td. ODS constraints (element types, attribute ranges) are included.

//===----------------------------------------------------------------------===//
// tfm.param
//===----------------------------------------------------------------------===//

func.func @param_empty_name() {
  // expected-error @+1 {{'tfm.param' op requires a non-empty parameter name}}
  %0 = tfm.param "" : tensor<2xf32>
  return
}

// -----

func.func @param_dynamic_shape() {
  // expected-error @+1 {{parameter 'h.0.ln_1.weight' must have a static shape, but has type 'tensor<?xf32>'}}
  %0 = tfm.param "h.0.ln_1.weight" : tensor<?xf32>
  return
}

// -----

func.func @param_integer_type() {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2xi32>'}}
  %0 = tfm.param "w" : tensor<2xi32>
  return
}

// -----

// Only a matrix has a transpose to bind.
func.func @param_transposed_rank3() {
  // expected-error @+1 {{'tfm.param' op transposed parameter 'w' must have rank 2, but has type 'tensor<2x3x4xf32>'}}
  %0 = tfm.param "w" transposed : tensor<2x3x4xf32>
  return
}

// -----

func.func @param_transposed_rank1() {
  // expected-error @+1 {{transposed parameter 'b' must have rank 2, but has type 'tensor<4xf32>'}}
  %0 = tfm.param "b" transposed : tensor<4xf32>
  return
}

// -----

// Aliases are a non-empty list of other non-empty names.
func.func @param_aliases_empty() {
  // expected-error @+1 {{'tfm.param' op parameter 'w' has an empty list of aliases}}
  %0 = tfm.param "w" : tensor<4xf32> aliases []
  return
}

// -----

func.func @param_alias_empty() {
  // expected-error @+1 {{'tfm.param' op parameter 'w' has an empty alias}}
  %0 = tfm.param "w" : tensor<4xf32> aliases ["bert.w", ""]
  return
}

// -----

// Names become C strings in the model's description: "w\00evil" would bind
// the weight "w", so no name may contain a control character.
func.func @param_name_nul() {
  // expected-error @+1 {{'tfm.param' op parameter name "w\00evil" contains the control character 0x00; names may not contain control characters}}
  %0 = tfm.param "w\00evil" : tensor<4xf32>
  return
}

// -----

func.func @param_alias_newline() {
  // expected-error @+1 {{'tfm.param' op parameter alias "bert\0Aw" contains the control character 0x0a; names may not contain control characters}}
  %0 = tfm.param "w" : tensor<4xf32> aliases ["bert\0Aw"]
  return
}

// -----

func.func @param_alias_own_name() {
  // expected-error @+1 {{'tfm.param' op parameter 'w' lists its own name as an alias}}
  %0 = tfm.param "w" : tensor<4xf32> aliases ["bert.w", "w"]
  return
}

// -----

func.func @param_alias_not_string() {
  // expected-error @+1 {{'tfm.param' op attribute 'aliases' failed to satisfy constraint: string array attribute}}
  %0 = tfm.param "w" : tensor<4xf32> aliases ["bert.w", 3]
  return
}

//===----------------------------------------------------------------------===//
// tfm.embedding
//===----------------------------------------------------------------------===//

// -----

func.func @embedding_table_rank(%table: tensor<10xf32>, %ids: tensor<2x3xi64>) {
  // expected-error @+1 {{table must have rank 2, but has type 'tensor<10xf32>'}}
  %0 = tfm.embedding %table[%ids] : tensor<10xf32>, tensor<2x3xi64> -> tensor<2x3xf32>
  return
}

// -----

func.func @embedding_element_type(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<2x3xi64> -> tensor<2x3x4xf16>
  return
}

// -----

func.func @embedding_result_shape(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>) {
  // expected-error @+1 {{result type 'tensor<2x3x10xf32>' does not match the expected shape 'tensor<2x3x4xf32>'}}
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<2x3xi64> -> tensor<2x3x10xf32>
  return
}

// -----

func.func @embedding_float_ids(%table: tensor<10x4xf32>, %ids: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<2x3xf32> -> tensor<2x3x4xf32>
  return
}

// -----

func.func @embedding_integer_table(%table: tensor<10x4xi32>, %ids: tensor<2x3xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<10x4xi32>'}}
  %0 = tfm.embedding %table[%ids] : tensor<10x4xi32>, tensor<2x3xi64> -> tensor<2x3x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.position_ids
//===----------------------------------------------------------------------===//

// -----

func.func @position_ids_rank(%ids: tensor<2x3x4xi64>) {
  // expected-error @+1 {{input must have rank 2, but has type 'tensor<2x3x4xi64>'}}
  %0 = tfm.position_ids %ids : tensor<2x3x4xi64>
  return
}

// -----

func.func @position_ids_float(%ids: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = tfm.position_ids %ids : tensor<2x3xf32>
  return
}

// -----

func.func @position_ids_result_type_generic(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{failed to verify that all of {like, result} have same type}}
  %0 = "tfm.position_ids"(%ids) : (tensor<2x3xi64>) -> tensor<2x3xi32>
  return
}

// -----

// The offset is one count, of the ids' type.
func.func @position_ids_offset_rank(%ids: tensor<2x3xi64>, %pos: tensor<1xi64>) {
  // expected-error @+1 {{offset must have rank 0, but has type 'tensor<1xi64>'}}
  %0 = tfm.position_ids %ids offset %pos : tensor<2x3xi64>, tensor<1xi64>
  return
}

// -----

func.func @position_ids_offset_element_type(%ids: tensor<2x3xi64>, %pos: tensor<i32>) {
  // expected-error @+1 {{offset must have the ids' element type 'i64', but has type 'tensor<i32>'}}
  %0 = tfm.position_ids %ids offset %pos : tensor<2x3xi64>, tensor<i32>
  return
}

// -----

func.func @position_ids_offset_float(%ids: tensor<2x3xi64>, %pos: tensor<f32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<f32>'}}
  %0 = tfm.position_ids %ids offset %pos : tensor<2x3xi64>, tensor<f32>
  return
}

// -----

// Positions past padding start from the padding id; a cache's offset is
// another way of numbering them.
func.func @position_ids_padding_and_offset(%ids: tensor<2x3xi64>, %pos: tensor<i64>) {
  // expected-error @+1 {{takes an offset or a padding id, not both}}
  %0 = tfm.position_ids %ids offset %pos padding 1 : tensor<2x3xi64>, tensor<i64>
  return
}

// -----

// A model has at least one position.
func.func @position_ids_limit_zero(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{attribute 'limit' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = tfm.position_ids %ids limit 0 : tensor<2x3xi64>
  return
}

// -----

func.func @position_ids_padding_negative(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{padding id must be non-negative, but is -1}}
  %0 = tfm.position_ids %ids padding -1 : tensor<2x3xi64>
  return
}

// -----

func.func @position_ids_padding_too_large(%ids: tensor<2x3xi32>) {
  // expected-error @+1 {{padding id 2147483648 does not fit the ids' element type 'i32'}}
  %0 = tfm.position_ids %ids padding 2147483648 : tensor<2x3xi32>
  return
}

// -----

func.func @position_ids_padding_kind(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint: 64-bit signless integer attribute}}
  %0 = "tfm.position_ids"(%ids) {padding = 1 : i32, operandSegmentSizes = array<i32: 1, 0>} : (tensor<2x3xi64>) -> tensor<2x3xi64>
  return
}

//===----------------------------------------------------------------------===//
// tfm.patch_embed
//===----------------------------------------------------------------------===//

// -----

func.func @patch_embed_pixels_rank(%p: tensor<3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels must have rank 4, but has type 'tensor<3x8x8xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @patch_embed_weight_rank(%p: tensor<1x3x8x8xf32>, %w: tensor<4x48xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{weight must have rank 4, but has type 'tensor<4x48xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x48xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @patch_embed_bias_rank(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{bias must have rank 1, but has type 'tensor<1x4xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<1x4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @patch_embed_element_type(%p: tensor<1x3x8x8xf16>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f16' and 'f32'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf16>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @patch_embed_non_square_kernel(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x4x2xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{weight must have a static, non-empty square kernel [D, C, P, P], but has type 'tensor<4x3x4x2xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x4x2xf32>, tensor<4xf32>) -> tensor<1x8x4xf32>
  return
}

// -----

func.func @patch_embed_dynamic_kernel(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x?x?xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{weight must have a static, non-empty square kernel}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x?x?xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return
}

// -----

// A 0x0 kernel is refused before the verifier divides by its size (SIGFPE).
func.func @patch_embed_empty_kernel(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x0xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{weight must have a static, non-empty square kernel [D, C, P, P], but has type 'tensor<4x3x0x0xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x0x0xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @patch_embed_channels(%p: tensor<1x1x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels have 1 channels but the weight expects 3}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x1x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @patch_embed_bias_shape(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{bias must have 4 elements, but has type 'tensor<5xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<5xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @patch_embed_image_not_multiple(%p: tensor<1x3x8x10xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{image size 8x10 is not a multiple of the patch size 4}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x10xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

// The lowering reshapes the image into patches: channels and image size
// must be static (the batch may be dynamic).
func.func @patch_embed_dynamic_height(%p: tensor<1x3x?x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels must have static channels and image size, but have type 'tensor<1x3x?x8xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x?x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return
}

// -----

func.func @patch_embed_dynamic_width(%p: tensor<1x3x10x?xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels must have static channels and image size, but have type 'tensor<1x3x10x?xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x10x?xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x?x4xf32>
  return
}

// -----

func.func @patch_embed_dynamic_channels(%p: tensor<?x?x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{pixels must have static channels and image size, but have type 'tensor<?x?x8x8xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<?x?x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<?x4x4xf32>
  return
}

// -----

func.func @patch_embed_result_shape(%p: tensor<1x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<1x16x4xf32>' does not match the expected shape 'tensor<1x4x4xf32>'}}
  %0 = tfm.patch_embed %p, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<1x16x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.prepend_cls
//===----------------------------------------------------------------------===//

// -----

func.func @prepend_cls_input_rank(%x: tensor<4x8xf32>, %cls: tensor<1x1x8xf32>) {
  // expected-error @+1 {{input must have rank 3, but has type 'tensor<4x8xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<4x8xf32>, tensor<1x1x8xf32>) -> tensor<5x8xf32>
  return
}

// -----

func.func @prepend_cls_cls_rank(%x: tensor<2x4x8xf32>, %cls: tensor<8xf32>) {
  // expected-error @+1 {{cls token must have rank 3, but has type 'tensor<8xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
  return
}

// -----

func.func @prepend_cls_element_type(%x: tensor<2x4x8xf32>, %cls: tensor<1x1x8xbf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'bf16'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x8xf32>, tensor<1x1x8xbf16>) -> tensor<2x5x8xf32>
  return
}

// -----

func.func @prepend_cls_cls_batch(%x: tensor<2x4x8xf32>, %cls: tensor<2x1x8xf32>) {
  // expected-error @+1 {{cls token must have shape [1, 1, 8], but has type 'tensor<2x1x8xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x8xf32>, tensor<2x1x8xf32>) -> tensor<2x5x8xf32>
  return
}

// -----

func.func @prepend_cls_cls_hidden(%x: tensor<2x4x8xf32>, %cls: tensor<1x1x4xf32>) {
  // expected-error @+1 {{cls token must have shape [1, 1, 8], but has type 'tensor<1x1x4xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x8xf32>, tensor<1x1x4xf32>) -> tensor<2x5x8xf32>
  return
}

// -----

// A dynamic hidden size prints as ?, not as -9223372036854775808.
func.func @prepend_cls_cls_dynamic_hidden(%x: tensor<2x4x?xf32>, %cls: tensor<1x2x8xf32>) {
  // expected-error @+1 {{cls token must have shape [1, 1, ?], but has type 'tensor<1x2x8xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x?xf32>, tensor<1x2x8xf32>) -> tensor<2x5x?xf32>
  return
}

// -----

func.func @prepend_cls_result_shape(%x: tensor<2x4x8xf32>, %cls: tensor<1x1x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x4x8xf32>' does not match the expected shape 'tensor<2x5x8xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x8xf32>, tensor<1x1x8xf32>) -> tensor<2x4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.cls_token
//===----------------------------------------------------------------------===//

// -----

func.func @cls_token_rank(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{input must have rank 3, but has type 'tensor<2x8xf32>'}}
  %0 = tfm.cls_token %x : tensor<2x8xf32> -> tensor<2xf32>
  return
}

// -----

func.func @cls_token_element_type(%x: tensor<2x4x8xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.cls_token %x : tensor<2x4x8xf32> -> tensor<2x8xf16>
  return
}

// -----

func.func @cls_token_result_shape(%x: tensor<2x4x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x4xf32>' does not match the expected shape 'tensor<2x8xf32>'}}
  %0 = tfm.cls_token %x : tensor<2x4x8xf32> -> tensor<2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.token_at
//===----------------------------------------------------------------------===//

// -----

func.func @token_at_rank(%x: tensor<2x8xf32>, %p: tensor<2xi64>) {
  // expected-error @+1 {{input must have rank 3, but has type 'tensor<2x8xf32>'}}
  %0 = tfm.token_at %x[%p] : tensor<2x8xf32>, tensor<2xi64> -> tensor<2xf32>
  return
}

// -----

func.func @token_at_positions_rank(%x: tensor<2x4x8xf32>, %p: tensor<2x1xi64>) {
  // expected-error @+1 {{positions must have rank 1, but has type 'tensor<2x1xi64>'}}
  %0 = tfm.token_at %x[%p] : tensor<2x4x8xf32>, tensor<2x1xi64> -> tensor<2x8xf32>
  return
}

// -----

func.func @token_at_positions_batch(%x: tensor<2x4x8xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{positions 'tensor<3xi64>' do not match the input's batch of 2}}
  %0 = tfm.token_at %x[%p] : tensor<2x4x8xf32>, tensor<3xi64> -> tensor<2x8xf32>
  return
}

// -----

func.func @token_at_no_positions(%x: tensor<2x0x8xf32>, %p: tensor<2xi64>) {
  // expected-error @+1 {{input 'tensor<2x0x8xf32>' has no position to take}}
  %0 = tfm.token_at %x[%p] : tensor<2x0x8xf32>, tensor<2xi64> -> tensor<2x8xf32>
  return
}

// -----

func.func @token_at_element_type(%x: tensor<2x4x8xf32>, %p: tensor<2xi64>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.token_at %x[%p] : tensor<2x4x8xf32>, tensor<2xi64> -> tensor<2x8xf16>
  return
}

// -----

func.func @token_at_result_shape(%x: tensor<2x4x8xf32>, %p: tensor<2xi64>) {
  // expected-error @+1 {{result type 'tensor<2x4xf32>' does not match the expected shape 'tensor<2x8xf32>'}}
  %0 = tfm.token_at %x[%p] : tensor<2x4x8xf32>, tensor<2xi64> -> tensor<2x4xf32>
  return
}

// -----

func.func @token_at_float_positions(%x: tensor<2x4x8xf32>, %p: tensor<2xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = "tfm.token_at"(%x, %p) : (tensor<2x4x8xf32>, tensor<2xf32>) -> tensor<2x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.argmax
//===----------------------------------------------------------------------===//

// -----

func.func @argmax_rank(%x: tensor<i64>) {
  // expected-error @+1 {{input must have rank at least 1, but has type 'tensor<i64>'}}
  %0 = tfm.argmax %x : tensor<i64> -> tensor<i64>
  return
}

// -----

func.func @argmax_empty_rows(%x: tensor<2x0xi64>) {
  // expected-error @+1 {{input 'tensor<2x0xi64>' has empty rows, which have no largest value}}
  %0 = tfm.argmax %x : tensor<2x0xi64> -> tensor<2xi64>
  return
}

// -----

func.func @argmax_result_shape(%x: tensor<2x5xi64>) {
  // expected-error @+1 {{result type 'tensor<5xi64>' does not match the expected shape 'tensor<2xi64>'}}
  %0 = tfm.argmax %x : tensor<2x5xi64> -> tensor<5xi64>
  return
}

// -----

func.func @argmax_equal_too_large(%x: tensor<2x5xi32>) {
  // expected-error @+1 {{value 2147483648 does not fit the input's element type 'i32'}}
  %0 = tfm.argmax %x equal 2147483648 : tensor<2x5xi32> -> tensor<2xi64>
  return
}

// -----

func.func @argmax_float(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = "tfm.argmax"(%x) : (tensor<2x5xf32>) -> tensor<2xi64>
  return
}

//===----------------------------------------------------------------------===//
// tfm.linear
//===----------------------------------------------------------------------===//

// -----

func.func @linear_input_rank(%x: tensor<f32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<f32>, tensor<4x6xf32>) -> tensor<6xf32>
  return
}

// -----

func.func @linear_weight_element_type(%x: tensor<2x4xf32>, %w: tensor<4x6xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf16>) -> tensor<2x6xf32>
  return
}

// -----

func.func @linear_bias_element_type(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xbf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'bf16'}}
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xbf16>) -> tensor<2x6xf32>
  return
}

// -----

func.func @linear_weight_rank(%x: tensor<2x4xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{linear weight must have rank 2, but has type 'tensor<4xf32>'}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @linear_in_features(%x: tensor<2x4xf32>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{linear weight 'tensor<5x6xf32>' in layout in_out expects 5 input features, but the input has 4}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<5x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

// A [in, out] (Conv1D) weight used with the nn.Linear layout.
func.func @linear_layout_mismatch_out_in(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{linear weight 'tensor<4x6xf32>' in layout out_in expects 6 input features, but the input has 4}}
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

// A [out, in] (nn.Linear) weight used with the Conv1D layout.
func.func @linear_layout_mismatch_in_out(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) {
  // expected-error @+1 {{linear weight 'tensor<6x4xf32>' in layout in_out expects 6 input features, but the input has 4}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @linear_bias_shape(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{linear bias must have shape [6], but has type 'tensor<4xf32>'}}
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @linear_bias_rank(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>, %b: tensor<1x6xf32>) {
  // expected-error @+1 {{linear bias must have shape [6], but has type 'tensor<1x6xf32>'}}
  %0 = tfm.linear %x, %w, %b layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>, tensor<1x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

// A dynamic output size prints as ?, not as -9223372036854775808.
func.func @linear_bias_rank_dynamic_out(%x: tensor<2x4xf32>, %w: tensor<4x?xf32>, %b: tensor<1x6xf32>) {
  // expected-error @+1 {{linear bias must have shape [?], but has type 'tensor<1x6xf32>'}}
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x?xf32>, tensor<1x6xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @linear_result_shape(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{result type 'tensor<2x4xf32>' does not match the expected shape 'tensor<2x6xf32>'}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @linear_result_rank(%x: tensor<2x3x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{result type 'tensor<6x6xf32>' does not match the expected shape 'tensor<2x3x6xf32>'}}
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x3x4xf32>, tensor<4x6xf32>) -> tensor<6x6xf32>
  return
}

// -----

func.func @linear_missing_layout_generic(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{'tfm.linear' op requires attribute 'layout'}}
  %0 = "tfm.linear"(%x, %w) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>}> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @linear_two_biases_generic(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{operand group starting at #2 requires 0 or 1 element, but found 2}}
  %0 = "tfm.linear"(%x, %w, %b, %b) <{layout = #tfm.layout<in_out>, operandSegmentSizes = array<i32: 1, 1, 2, 0>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return
}

// -----

// Without operandSegmentSizes the generic form cannot say whether a third
// operand is the bias or the residual.
func.func @linear_missing_segment_sizes_generic(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{'tfm.linear' op operand count (3) does not match with the total size (0) specified in attribute 'operandSegmentSizes'}}
  %0 = "tfm.linear"(%x, %w, %b) <{layout = #tfm.layout<in_out>}> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @linear_residual_shape(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<1x6xf32>) {
  // expected-error @+1 {{residual 'tensor<1x6xf32>' must have exactly the result type 'tensor<2x6xf32>'}}
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<1x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

// Compatible is not enough: a residual is not cast to the result type.
func.func @linear_residual_less_static(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<?x6xf32>) {
  // expected-error @+1 {{residual 'tensor<?x6xf32>' must have exactly the result type 'tensor<2x6xf32>'}}
  %0 = tfm.linear %x, %w, %b layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @linear_residual_element_type(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf16>) {
  // expected-error @+1 {{residual 'tensor<2x6xf16>' must have exactly the result type 'tensor<2x6xf32>'}}
  %0 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf16>) -> tensor<2x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.layer_norm
//===----------------------------------------------------------------------===//

// -----

func.func @layer_norm_input_rank(%x: tensor<f32>, %g: tensor<1xf32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.layer_norm %x, %g, %g eps 1.0e-05 : (tensor<f32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @layer_norm_element_type(%x: tensor<2x4xf32>, %g: tensor<4xf16>, %b: tensor<4xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.layer_norm %x, %g, %b eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf16>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layer_norm_gamma_shape(%x: tensor<2x4xf32>, %g: tensor<2xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{gamma must have shape [4] (the last dimension of the input), but has type 'tensor<2xf32>'}}
  %0 = tfm.layer_norm %x, %g, %b eps 1.0e-05 : (tensor<2x4xf32>, tensor<2xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layer_norm_beta_shape(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{beta must have shape [4] (the last dimension of the input), but has type 'tensor<1x4xf32>'}}
  %0 = tfm.layer_norm %x, %g, %b eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// A dynamic feature size prints as ?, not as -9223372036854775808.
func.func @layer_norm_gamma_rank_dynamic_features(%x: tensor<2x?xf32>, %g: tensor<2x2xf32>) {
  // expected-error @+1 {{gamma must have shape [?] (the last dimension of the input), but has type 'tensor<2x2xf32>'}}
  %0 = tfm.layer_norm %x, %g, %g eps 1.0e-05 : (tensor<2x?xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @layer_norm_result_shape(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<4x4xf32>' does not match the expected shape 'tensor<2x4xf32>'}}
  %0 = tfm.layer_norm %x, %g, %g eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @layer_norm_eps_zero(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = tfm.layer_norm %x, %g, %g eps 0.0 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layer_norm_eps_negative(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = tfm.layer_norm %x, %g, %g eps -1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layer_norm_eps_f32_generic(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = "tfm.layer_norm"(%x, %g, %g) <{epsilon = 1.0e-05 : f32}> : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}


//===----------------------------------------------------------------------===//
// tfm.rms_norm
//===----------------------------------------------------------------------===//

// -----

func.func @rms_norm_input_rank(%x: tensor<f32>, %g: tensor<1xf32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.rms_norm %x, %g eps 1.0e-06 : (tensor<f32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @rms_norm_element_type(%x: tensor<2x4xf32>, %g: tensor<4xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.rms_norm %x, %g eps 1.0e-06 : (tensor<2x4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @rms_norm_gamma_shape(%x: tensor<2x4xf32>, %g: tensor<2xf32>) {
  // expected-error @+1 {{gamma must have shape [4] (the last dimension of the input), but has type 'tensor<2xf32>'}}
  %0 = tfm.rms_norm %x, %g eps 1.0e-06 : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @rms_norm_gamma_rank(%x: tensor<2x?xf32>, %g: tensor<1x4xf32>) {
  // expected-error @+1 {{gamma must have shape [?] (the last dimension of the input), but has type 'tensor<1x4xf32>'}}
  %0 = tfm.rms_norm %x, %g eps 1.0e-06 : (tensor<2x?xf32>, tensor<1x4xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @rms_norm_result_shape(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<2x5xf32>' does not match the expected shape 'tensor<2x4xf32>'}}
  %0 = tfm.rms_norm %x, %g eps 1.0e-06 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @rms_norm_eps_negative(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = tfm.rms_norm %x, %g eps -1.0e-06 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.gated_activation
//===----------------------------------------------------------------------===//

// -----

func.func @gated_activation_none(%g: tensor<2x4xf32>) {
  // expected-error @+1 {{needs an activation to gate with, not none}}
  %0 = tfm.gated_activation %g, %g activation <none> : tensor<2x4xf32>
  return
}

// -----

func.func @gated_activation_shapes(%g: tensor<2x4xf32>, %u: tensor<2x5xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "tfm.gated_activation"(%g, %u) <{activation = #tfm.activation<silu>}> : (tensor<2x4xf32>, tensor<2x5xf32>) -> tensor<2x4xf32>
  return
}


//===----------------------------------------------------------------------===//
// tfm.gelu
//===----------------------------------------------------------------------===//

// -----

func.func @gelu_integer(%x: tensor<2x4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2x4xi32>'}}
  %0 = tfm.gelu %x approximate <tanh> : tensor<2x4xi32>
  return
}

// -----

func.func @gelu_result_type_generic(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "tfm.gelu"(%x) <{approximate = #tfm.approximate<erf>}> : (tensor<2x4xf32>) -> tensor<4x2xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.mlp
//===----------------------------------------------------------------------===//

// -----

func.func @mlp_input_rank(%x: tensor<f32>, %w1: tensor<1x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x1xf32>, %b2: tensor<1xf32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<f32>, tensor<1x16xf32>, tensor<16xf32>, tensor<16x1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @mlp_element_type(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf16>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf16>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @mlp_fc_weight_rank(%x: tensor<2x4xf32>, %w1: tensor<64xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{fc weight must have rank 2, but has type 'tensor<64xf32>'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<64xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @mlp_proj_weight_rank(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<64xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{proj weight must have rank 2, but has type 'tensor<64xf32>'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<64xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// nn.Linear ([out, in]) weights declared with the Conv1D layout.
func.func @mlp_layout_mismatch(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{fc weight 'tensor<16x4xf32>' in layout in_out expects 16 input features, but the input has 4}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @mlp_fc_bias_shape(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<4xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{fc bias must have shape [16], but has type 'tensor<4xf32>'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<4xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @mlp_proj_in_features(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<8x4xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{proj weight 'tensor<8x4xf32>' in layout in_out expects 8 input features, but the input has 16}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @mlp_proj_bias_shape(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<16xf32>) {
  // expected-error @+1 {{proj bias must have shape [4], but has type 'tensor<16xf32>'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<16xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @mlp_proj_out_features(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x8xf32>, %b2: tensor<8xf32>) {
  // expected-error @+1 {{proj weight maps back to 8 features, but the input has 4}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @mlp_result_shape(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<2x16xf32>' does not match the expected shape 'tensor<2x4xf32>'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.add
//===----------------------------------------------------------------------===//

// -----

func.func @add_element_type(%a: tensor<2x4xf32>, %b: tensor<2x4xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.add %a, %b : (tensor<2x4xf32>, tensor<2x4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @add_no_broadcast(%a: tensor<2x4xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{operands 'tensor<2x4xf32>' and 'tensor<3x4xf32>' do not broadcast}}
  %0 = tfm.add %a, %b : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @add_no_broadcast_trailing(%a: tensor<2x3x4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{operands 'tensor<2x3x4xf32>' and 'tensor<3xf32>' do not broadcast}}
  %0 = tfm.add %a, %b : (tensor<2x3x4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @add_result_shape(%a: tensor<2x1xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{result type 'tensor<2x1xf32>' does not match the expected shape 'tensor<2x4xf32>'}}
  %0 = tfm.add %a, %b : (tensor<2x1xf32>, tensor<1x4xf32>) -> tensor<2x1xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.scale
//===----------------------------------------------------------------------===//

// -----

func.func @scale_result_type_generic(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "tfm.scale"(%x) <{factor = 2.0 : f64}> : (tensor<2x4xf32>) -> tensor<2x4xf16>
  return
}

//===----------------------------------------------------------------------===//
// tfm.select
//===----------------------------------------------------------------------===//

// -----

func.func @select_element_type(%c: tensor<2x4xi1>, %a: tensor<2x4xf32>, %b: tensor<f16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.select %c, %a, %b : (tensor<2x4xi1>, tensor<2x4xf32>, tensor<f16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @select_values_no_broadcast(%c: tensor<2x4xi1>, %a: tensor<2x4xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{operands 'tensor<2x4xi1>', 'tensor<2x4xf32>' and 'tensor<2x3xf32>' do not broadcast}}
  %0 = tfm.select %c, %a, %b : (tensor<2x4xi1>, tensor<2x4xf32>, tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @select_condition_no_broadcast(%c: tensor<3x3xi1>, %a: tensor<2x2x4x4xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{operands 'tensor<3x3xi1>', 'tensor<2x2x4x4xf32>' and 'tensor<f32>' do not broadcast}}
  %0 = tfm.select %c, %a, %b : (tensor<3x3xi1>, tensor<2x2x4x4xf32>, tensor<f32>) -> tensor<2x2x4x4xf32>
  return
}

// -----

func.func @select_result_shape(%c: tensor<4x4xi1>, %a: tensor<4xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{result type 'tensor<4xf32>' does not match the expected shape 'tensor<4x4xf32>'}}
  %0 = tfm.select %c, %a, %b : (tensor<4x4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return
}

// -----

func.func @select_condition_not_i1(%c: tensor<2x4xi8>, %a: tensor<2x4xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x4xi8>'}}
  %0 = tfm.select %c, %a, %b : (tensor<2x4xi8>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @select_condition_float(%c: tensor<2x4xf32>, %a: tensor<2x4xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x4xf32>'}}
  %0 = tfm.select %c, %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_element_type(%a: tensor<2x3xf32>, %b: tensor<3x4xbf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'bf16'}}
  %0 = tfm.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xbf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_rank_one(%a: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{operands must have the same rank, at least 2, but have types 'tensor<3xf32>' and 'tensor<3xf32>'}}
  %0 = tfm.matmul %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return
}

// -----

func.func @matmul_rank_mismatch(%a: tensor<2x2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{operands must have the same rank, at least 2, but have types 'tensor<2x2x3xf32>' and 'tensor<3x4xf32>'}}
  %0 = tfm.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x4xf32>) -> tensor<2x2x4xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x4xf32>) {
  // expected-error @+1 {{batch dimensions of 'tensor<2x2x3xf32>' and 'tensor<3x3x4xf32>' differ}}
  %0 = tfm.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x4xf32>) -> tensor<2x2x4xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{contraction dimensions differ: 3 vs 4}}
  %0 = tfm.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

// With transpose_rhs the contraction is over the last dimension of rhs.
func.func @matmul_contraction_transpose_rhs(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{contraction dimensions differ: 3 vs 5}}
  %0 = tfm.matmul %a, %b transpose_rhs : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @matmul_result_shape(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{result type 'tensor<2x3xf32>' does not match the expected shape 'tensor<2x5xf32>'}}
  %0 = tfm.matmul %a, %b : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.rotary_embedding
//===----------------------------------------------------------------------===//

// -----

func.func @rotary_input_rank(%x: tensor<2x8xf32>, %p: tensor<2x3xi64>) {
  // expected-error @+1 {{input must have rank 3, but has type 'tensor<2x8xf32>'}}
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.0e+04 : (tensor<2x8xf32>, tensor<2x3xi64>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rotary_positions_rank(%x: tensor<2x3x8xf32>, %p: tensor<3xi64>) {
  // expected-error @+1 {{positions must have rank 2, but has type 'tensor<3xi64>'}}
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.0e+04 : (tensor<2x3x8xf32>, tensor<3xi64>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @rotary_positions_float(%x: tensor<2x3x8xf32>, %p: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.0e+04 : (tensor<2x3x8xf32>, tensor<2x3xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @rotary_positions_shape(%x: tensor<2x3x8xf32>, %p: tensor<2x4xi64>) {
  // expected-error @+1 {{positions must have shape [2, 3] (the input's batch and sequence), but have type 'tensor<2x4xi64>'}}
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.0e+04 : (tensor<2x3x8xf32>, tensor<2x4xi64>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @rotary_dynamic_hidden(%x: tensor<2x3x?xf32>, %p: tensor<2x3xi64>) {
  // expected-error @+1 {{hidden size must be static, but the input has type 'tensor<2x3x?xf32>'}}
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.0e+04 : (tensor<2x3x?xf32>, tensor<2x3xi64>) -> tensor<2x3x?xf32>
  return
}

// -----

func.func @rotary_heads_divide(%x: tensor<2x3x8xf32>, %p: tensor<2x3xi64>) {
  // expected-error @+1 {{number of heads 3 does not divide the hidden size 8}}
  %0 = tfm.rotary_embedding %x, %p heads 3 theta 1.0e+04 : (tensor<2x3x8xf32>, tensor<2x3xi64>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @rotary_odd_head(%x: tensor<2x3x6xf32>, %p: tensor<2x3xi64>) {
  // expected-error @+1 {{head size 3 must be even (features i and i + d/2 are rotated together)}}
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.0e+04 : (tensor<2x3x6xf32>, tensor<2x3xi64>) -> tensor<2x3x6xf32>
  return
}

// -----

func.func @rotary_result_shape(%x: tensor<2x3x8xf32>, %p: tensor<2x3xi64>) {
  // expected-error @+1 {{result type 'tensor<2x3x4xf32>' does not match the expected shape 'tensor<2x3x8xf32>'}}
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 1.0e+04 : (tensor<2x3x8xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @rotary_theta_zero(%x: tensor<2x3x8xf32>, %p: tensor<2x3xi64>) {
  // expected-error @+1 {{attribute 'theta' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = tfm.rotary_embedding %x, %p heads 2 theta 0.0 : (tensor<2x3x8xf32>, tensor<2x3xi64>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @rotary_heads_zero(%x: tensor<2x3x8xf32>, %p: tensor<2x3xi64>) {
  // expected-error @+1 {{attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = tfm.rotary_embedding %x, %p heads 0 theta 1.0e+04 : (tensor<2x3x8xf32>, tensor<2x3xi64>) -> tensor<2x3x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.relative_position_bias
//===----------------------------------------------------------------------===//

// -----

func.func @relative_bias_table_rank(%table: tensor<32xf32>, %t: index) {
  // expected-error @+1 {{table must have rank 2, but has type 'tensor<32xf32>'}}
  %0 = tfm.relative_position_bias %table queries %t keys %t max_distance 128 bidirectional : tensor<32xf32> -> tensor<1x8x?x?xf32>
  return
}

// -----

func.func @relative_bias_result_rank(%table: tensor<32x8xf32>, %t: index) {
  // expected-error @+1 {{result must have rank 4, but has type 'tensor<8x?x?xf32>'}}
  %0 = tfm.relative_position_bias %table queries %t keys %t max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<8x?x?xf32>
  return
}

// -----

func.func @relative_bias_dynamic_table(%table: tensor<?x8xf32>, %t: index) {
  // expected-error @+1 {{table must have a static shape [buckets, heads], but has type 'tensor<?x8xf32>'}}
  %0 = tfm.relative_position_bias %table queries %t keys %t max_distance 128 bidirectional : tensor<?x8xf32> -> tensor<1x8x?x?xf32>
  return
}

// -----

func.func @relative_bias_odd_buckets(%table: tensor<31x8xf32>, %t: index) {
  // expected-error @+1 {{table has 31 buckets; a bidirectional bias needs an even number, at least 4}}
  %0 = tfm.relative_position_bias %table queries %t keys %t max_distance 128 bidirectional : tensor<31x8xf32> -> tensor<1x8x?x?xf32>
  return
}

// -----

func.func @relative_bias_one_bucket(%table: tensor<1x8xf32>, %t: index) {
  // expected-error @+1 {{table has 1 buckets; it needs at least 2}}
  %0 = tfm.relative_position_bias %table queries %t keys %t max_distance 128 : tensor<1x8xf32> -> tensor<1x8x?x?xf32>
  return
}

// -----

func.func @relative_bias_max_distance(%table: tensor<32x8xf32>, %t: index) {
  // expected-error @+1 {{max_distance 8 must exceed the 8 distances that have a bucket each}}
  %0 = tfm.relative_position_bias %table queries %t keys %t max_distance 8 bidirectional : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
  return
}

// -----

func.func @relative_bias_heads(%table: tensor<32x8xf32>, %t: index) {
  // expected-error @+1 {{result must have shape [1, 8, T, S] (the table's heads), but has type 'tensor<1x6x?x?xf32>'}}
  %0 = tfm.relative_position_bias %table queries %t keys %t max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<1x6x?x?xf32>
  return
}

// -----

func.func @relative_bias_element_type(%table: tensor<32x8xf32>, %t: index) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.relative_position_bias %table queries %t keys %t max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<1x8x?x?xf16>
  return
}

//===----------------------------------------------------------------------===//
// tfm.split_heads
//===----------------------------------------------------------------------===//

// -----

func.func @split_heads_rank(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{input must have rank 3, but has type 'tensor<2x8xf32>'}}
  %0 = tfm.split_heads %x heads 2 : tensor<2x8xf32> -> tensor<2x2x4xf32>
  return
}

// -----

func.func @split_heads_element_type(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.split_heads %x heads 2 : tensor<2x3x8xf32> -> tensor<2x2x3x4xf16>
  return
}

// -----

func.func @split_heads_not_dividing(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{number of heads 3 does not divide the hidden size 8}}
  %0 = tfm.split_heads %x heads 3 : tensor<2x3x8xf32> -> tensor<2x3x3x2xf32>
  return
}

// -----

// Not "does not divide the hidden size -9223372036854775808": it is dynamic.
func.func @split_heads_dynamic_hidden(%x: tensor<2x3x?xf32>) {
  // expected-error @+1 {{hidden size must be static, but the input has type 'tensor<2x3x?xf32>'}}
  %0 = tfm.split_heads %x heads 2 : tensor<2x3x?xf32> -> tensor<2x2x3x?xf32>
  return
}

// -----

func.func @split_heads_result_shape(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x3x2x4xf32>' does not match the expected shape 'tensor<2x2x3x4xf32>'}}
  %0 = tfm.split_heads %x heads 2 : tensor<2x3x8xf32> -> tensor<2x3x2x4xf32>
  return
}

// -----

func.func @split_heads_zero_heads(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = tfm.split_heads %x heads 0 : tensor<2x3x8xf32> -> tensor<2x2x3x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.merge_heads
//===----------------------------------------------------------------------===//

// -----

func.func @merge_heads_rank(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{input must have rank 4, but has type 'tensor<2x3x8xf32>'}}
  %0 = tfm.merge_heads %x : tensor<2x3x8xf32> -> tensor<2x3x8xf32>
  return
}

// -----

func.func @merge_heads_element_type(%x: tensor<2x2x3x4xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f16' and 'f32'}}
  %0 = tfm.merge_heads %x : tensor<2x2x3x4xf16> -> tensor<2x3x8xf32>
  return
}

// -----

func.func @merge_heads_dynamic_heads(%x: tensor<2x?x3x4xf32>) {
  // expected-error @+1 {{heads and head size must be static, but the input has type 'tensor<2x?x3x4xf32>'}}
  %0 = tfm.merge_heads %x : tensor<2x?x3x4xf32> -> tensor<2x3x?xf32>
  return
}

// -----

func.func @merge_heads_result_shape(%x: tensor<2x2x3x4xf32>) {
  // expected-error @+1 {{result type 'tensor<2x3x4xf32>' does not match the expected shape 'tensor<2x3x8xf32>'}}
  %0 = tfm.merge_heads %x : tensor<2x2x3x4xf32> -> tensor<2x3x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.causal_mask
//===----------------------------------------------------------------------===//

// -----

func.func @causal_mask_rank(%t: index) {
  // expected-error @+1 {{result must be a square [T, T] mask, but has type 'tensor<4xi1>'}}
  %0 = tfm.causal_mask %t : tensor<4xi1>
  return
}

// -----

func.func @causal_mask_not_square(%t: index) {
  // expected-error @+1 {{result must be a square [T, T] mask, but has type 'tensor<4x5xi1>'}}
  %0 = tfm.causal_mask %t : tensor<4x5xi1>
  return
}

// -----

func.func @causal_mask_float(%t: index) {
  // expected-error @+1 {{result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4x4xf32>'}}
  %0 = tfm.causal_mask %t : tensor<4x4xf32>
  return
}

// -----

// With keys, [T, S] with S >= T.
func.func @causal_mask_keys_rank(%t: index, %s: index) {
  // expected-error @+1 {{result must be a [T, S] mask, but has type 'tensor<4xi1>'}}
  %0 = tfm.causal_mask %t keys %s : tensor<4xi1>
  return
}

// -----

func.func @causal_mask_keys_fewer_than_queries(%t: index, %s: index) {
  // expected-error @+1 {{result type 'tensor<4x3xi1>' has fewer keys than queries; the queries are the last keys}}
  %0 = tfm.causal_mask %t keys %s : tensor<4x3xi1>
  return
}

//===----------------------------------------------------------------------===//
// tfm.padding_mask
//===----------------------------------------------------------------------===//

// -----

func.func @padding_mask_rank(%m: tensor<2x3x4xi64>) {
  // expected-error @+1 {{attention_mask must have rank 2, but has type 'tensor<2x3x4xi64>'}}
  %0 = tfm.padding_mask %m : tensor<2x3x4xi64> -> tensor<2x1x1x4xf32>
  return
}

// -----

func.func @padding_mask_result_shape(%m: tensor<2x5xi64>) {
  // expected-error @+1 {{result type 'tensor<2x5xf32>' does not match the expected shape 'tensor<2x1x1x5xf32>'}}
  %0 = tfm.padding_mask %m : tensor<2x5xi64> -> tensor<2x5xf32>
  return
}

// -----

func.func @padding_mask_integer_result(%m: tensor<2x5xi64>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2x1x1x5xi1>'}}
  %0 = tfm.padding_mask %m : tensor<2x5xi64> -> tensor<2x1x1x5xi1>
  return
}

//===----------------------------------------------------------------------===//
// tfm.mlm_mask
//===----------------------------------------------------------------------===//

// -----

func.func @mlm_mask_rank(%ids: tensor<6xi64>) {
  // expected-error @+1 {{ids must have rank 2, but has type 'tensor<6xi64>'}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 : tensor<6xi64> -> tensor<6xi1>
  return
}

// -----

func.func @mlm_mask_probability_above_one(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{probability must be in [0, 1], but is 1.500000e+00}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.5 : tensor<2x3xi64> -> tensor<2x3xi1>
  return
}

// -----

func.func @mlm_mask_probability_negative(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{probability must be in [0, 1], but is -1.000000e-01}}
  %0 = tfm.mlm_mask %ids seed 1 probability -0.1 : tensor<2x3xi64> -> tensor<2x3xi1>
  return
}

// -----

func.func @mlm_mask_probability_nan(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{probability must be in [0, 1], but is nan}}
  %0 = tfm.mlm_mask %ids seed 1 probability 0x7FF8000000000000 : tensor<2x3xi64> -> tensor<2x3xi1>
  return
}

// -----

func.func @mlm_mask_result_shape(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{result type 'tensor<3x2xi1>' does not match the expected shape 'tensor<2x3xi1>'}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 : tensor<2x3xi64> -> tensor<3x2xi1>
  return
}

// -----

func.func @mlm_mask_result_not_i1(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x3xi64>'}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 : tensor<2x3xi64> -> tensor<2x3xi64>
  return
}

// -----

func.func @mlm_mask_exclude_out_of_range(%ids: tensor<2x3xi32>) {
  // expected-error @+1 {{excluded id 4294967296 does not fit the ids' element type 'i32'}}
  %0 = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 exclude [0, 4294967296] : tensor<2x3xi32> -> tensor<2x3xi1>
  return
}

// -----

func.func @mlm_mask_step_not_scalar(%ids: tensor<2x3xi64>, %step: tensor<1xi64>) {
  // expected-error @+1 {{operand #1 must be 0D tensor of 64-bit signless integer values, but got 'tensor<1xi64>'}}
  %0 = tfm.mlm_mask %ids step %step seed 1 probability 1.500000e-01 : tensor<2x3xi64>, tensor<1xi64> -> tensor<2x3xi1>
  return
}

//===----------------------------------------------------------------------===//
// tfm.mlm_corrupt
//===----------------------------------------------------------------------===//

// -----

func.func @mlm_corrupt_rank(%ids: tensor<6xi64>, %mask: tensor<6xi1>) {
  // expected-error @+1 {{ids must have rank 2, but has type 'tensor<6xi64>'}}
  %0 = tfm.mlm_corrupt %ids, %mask seed 1 mask_token 3 vocab 10 : (tensor<6xi64>, tensor<6xi1>) -> tensor<6xi64>
  return
}

// -----

func.func @mlm_corrupt_mask_shape(%ids: tensor<2x3xi64>, %mask: tensor<3x2xi1>) {
  // expected-error @+1 {{mask type 'tensor<3x2xi1>' does not match the ids' shape 'tensor<2x3xi1>'}}
  %0 = tfm.mlm_corrupt %ids, %mask seed 1 mask_token 3 vocab 10 : (tensor<2x3xi64>, tensor<3x2xi1>) -> tensor<2x3xi64>
  return
}

// -----

func.func @mlm_corrupt_vocab_zero(%ids: tensor<2x3xi64>, %mask: tensor<2x3xi1>) {
  // expected-error @+1 {{vocab must be positive and its ids must fit the ids' element type, but is 0}}
  %0 = tfm.mlm_corrupt %ids, %mask seed 1 mask_token 0 vocab 0 : (tensor<2x3xi64>, tensor<2x3xi1>) -> tensor<2x3xi64>
  return
}

// -----

func.func @mlm_corrupt_vocab_too_large_for_i32(%ids: tensor<2x3xi32>, %mask: tensor<2x3xi1>) {
  // expected-error @+1 {{vocab must be positive and its ids must fit the ids' element type, but is 4294967296}}
  %0 = tfm.mlm_corrupt %ids, %mask seed 1 mask_token 0 vocab 4294967296 : (tensor<2x3xi32>, tensor<2x3xi1>) -> tensor<2x3xi32>
  return
}

// -----

func.func @mlm_corrupt_mask_token_out_of_range(%ids: tensor<2x3xi64>, %mask: tensor<2x3xi1>) {
  // expected-error @+1 {{mask_token must be in [0, vocab), but is 10}}
  %0 = tfm.mlm_corrupt %ids, %mask seed 1 mask_token 10 vocab 10 : (tensor<2x3xi64>, tensor<2x3xi1>) -> tensor<2x3xi64>
  return
}

// -----

func.func @mlm_corrupt_mask_token_negative(%ids: tensor<2x3xi64>, %mask: tensor<2x3xi1>) {
  // expected-error @+1 {{mask_token must be in [0, vocab), but is -1}}
  %0 = tfm.mlm_corrupt %ids, %mask seed 1 mask_token -1 vocab 10 : (tensor<2x3xi64>, tensor<2x3xi1>) -> tensor<2x3xi64>
  return
}

// -----

func.func @mlm_corrupt_result_type(%ids: tensor<2x3xi64>, %mask: tensor<2x3xi1>) {
  // expected-error @+1 {{all of {ids, result} have same type}}
  %0 = tfm.mlm_corrupt %ids, %mask seed 1 mask_token 3 vocab 10 : (tensor<2x3xi64>, tensor<2x3xi1>) -> tensor<2x3xi32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.softmax
//===----------------------------------------------------------------------===//

// -----

func.func @softmax_rank(%x: tensor<f32>) {
  // expected-error @+1 {{input must have rank at least 1}}
  %0 = tfm.softmax %x : tensor<f32>
  return
}

// -----

func.func @softmax_result_type_generic(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "tfm.softmax"(%x) : (tensor<2x4xf32>) -> tensor<2x4xf16>
  return
}

// -----

// A compatible but different result shape fails type inference instead.
func.func @softmax_result_shape_generic(%x: tensor<2x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "tfm.softmax"(%x) : (tensor<2x4xf32>) -> tensor<2x?xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.masked_softmax
//===----------------------------------------------------------------------===//

// -----

func.func @masked_softmax_rank(%s: tensor<f32>, %m: tensor<i1>) {
  // expected-error @+1 {{scores must have rank at least 1}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<f32>, tensor<i1>) -> tensor<f32>
  return
}

// -----

func.func @masked_softmax_result_type(%s: tensor<2x4x4xf32>, %m: tensor<4x4xi1>) {
  // expected-error @+1 {{result type 'tensor<2x4x?xf32>' must equal the scores type 'tensor<2x4x4xf32>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<2x4x4xf32>, tensor<4x4xi1>) -> tensor<2x4x?xf32>
  return
}

// -----

func.func @masked_softmax_mask_element_type(%s: tensor<2x4x4xf32>, %m: tensor<4x4xf16>) {
  // expected-error @+1 {{mask must be i1 (keep-mask) or 'f32' (additive), but has type 'tensor<4x4xf16>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<2x4x4xf32>, tensor<4x4xf16>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @masked_softmax_mask_integer(%s: tensor<2x4x4xf32>, %m: tensor<4x4xi64>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 1-bit signless integer or 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4x4xi64>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<2x4x4xf32>, tensor<4x4xi64>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @masked_softmax_mask_shape(%s: tensor<2x4x4xf32>, %m: tensor<4x3xi1>) {
  // expected-error @+1 {{mask 'tensor<4x3xi1>' does not broadcast to the scores shape 'tensor<2x4x4xf32>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<2x4x4xf32>, tensor<4x3xi1>) -> tensor<2x4x4xf32>
  return
}

// -----

// The mask broadcasts to the scores, not the other way round.
func.func @masked_softmax_mask_rank(%s: tensor<4x4xf32>, %m: tensor<1x4x4xf32>) {
  // expected-error @+1 {{mask 'tensor<1x4x4xf32>' does not broadcast to the scores shape 'tensor<4x4xf32>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<4x4xf32>, tensor<1x4x4xf32>) -> tensor<4x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.attention
//===----------------------------------------------------------------------===//

// -----

func.func @attention_query_rank(%q: tensor<3x8xf32>, %kv: tensor<2x3x8xf32>) {
  // expected-error @+1 {{query must have rank 3, but has type 'tensor<3x8xf32>'}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<3x8xf32>
  return
}

// -----

func.func @attention_key_rank(%q: tensor<2x3x8xf32>, %k: tensor<2x2x3x4xf32>, %v: tensor<2x3x8xf32>) {
  // expected-error @+1 {{key must have rank 3, but has type 'tensor<2x2x3x4xf32>'}}
  %0 = tfm.attention %q, %k, %v heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x2x3x4xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @attention_value_rank(%q: tensor<2x3x8xf32>, %v: tensor<3x8xf32>) {
  // expected-error @+1 {{value must have rank 3, but has type 'tensor<3x8xf32>'}}
  %0 = tfm.attention %q, %q, %v heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<3x8xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @attention_element_type(%q: tensor<2x3x8xf32>, %kv: tensor<2x3x8xf16>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f32' and 'f16'}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf16>, tensor<2x3x8xf16>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @attention_key_value_shape(%q: tensor<2x3x8xf32>, %k: tensor<2x5x8xf32>, %v: tensor<2x4x8xf32>) {
  // expected-error @+1 {{key 'tensor<2x5x8xf32>' and value 'tensor<2x4x8xf32>' must have the same shape}}
  %0 = tfm.attention %q, %k, %v heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x4x8xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @attention_batch(%q: tensor<2x3x8xf32>, %kv: tensor<4x3x8xf32>) {
  // expected-error @+1 {{query 'tensor<2x3x8xf32>' and key 'tensor<4x3x8xf32>' must agree in batch}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<4x3x8xf32>, tensor<4x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

// A key width that is not a whole number of heads (of 4 features).
func.func @attention_key_width(%q: tensor<2x3x8xf32>, %kv: tensor<2x3x6xf32>) {
  // expected-error @+1 {{key width 6 must be a number of heads of size 4 that divides the 2 query heads}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x6xf32>, tensor<2x3x6xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

// 3 key/value heads cannot serve 4 query heads in equal groups.
func.func @attention_key_heads_divide(%q: tensor<2x3x8xf32>, %kv: tensor<2x3x6xf32>) {
  // expected-error @+1 {{key width 6 must be a number of heads of size 2 that divides the 4 query heads}}
  %0 = tfm.attention %q, %kv, %kv heads 4 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x6xf32>, tensor<2x3x6xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

// More key/value heads than query heads.
func.func @attention_key_wider(%q: tensor<2x3x8xf32>, %kv: tensor<2x3x16xf32>) {
  // expected-error @+1 {{key width 16 must be a number of heads of size 4 that divides the 2 query heads}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x16xf32>, tensor<2x3x16xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @attention_heads_not_dividing(%q: tensor<2x3x8xf32>) {
  // expected-error @+1 {{number of heads 3 does not divide the hidden size 8}}
  %0 = tfm.attention %q, %q, %q heads 3 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

// Not "does not divide the hidden size -9223372036854775808": it is dynamic.
func.func @attention_dynamic_hidden(%q: tensor<2x3x?xf32>) {
  // expected-error @+1 {{hidden size must be static, but the query has type 'tensor<2x3x?xf32>'}}
  %0 = tfm.attention %q, %q, %q heads 2 scale 1.0 : (tensor<2x3x?xf32>, tensor<2x3x?xf32>, tensor<2x3x?xf32>) -> tensor<2x3x?xf32>
  return
}

// -----

func.func @attention_result_type(%q: tensor<2x3x8xf32>, %kv: tensor<2x5x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x5x8xf32>' must equal the query type 'tensor<2x3x8xf32>'}}
  %0 = tfm.attention %q, %kv, %kv heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return
}

// -----

func.func @attention_mask_element_type(%q: tensor<2x3x8xf32>, %m: tensor<3x3xbf16>) {
  // expected-error @+1 {{mask must be i1 (keep-mask) or 'f32' (additive), but has type 'tensor<3x3xbf16>'}}
  %0 = tfm.attention %q, %q, %q mask %m heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<3x3xbf16>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @attention_mask_integer(%q: tensor<2x3x8xf32>, %m: tensor<2x3xi64>) {
  // expected-error @+1 {{operand #3 must be ranked tensor of 1-bit signless integer or 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2x3xi64>'}}
  %0 = tfm.attention %q, %q, %q mask %m heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3xi64>) -> tensor<2x3x8xf32>
  return
}

// -----

// The mask is [.., T, S] = [.., 3, 5]; a [5, 3] one is the wrong way round.
func.func @attention_mask_shape(%q: tensor<2x3x8xf32>, %kv: tensor<2x5x8xf32>, %m: tensor<5x3xi1>) {
  // expected-error @+1 {{mask 'tensor<5x3xi1>' does not broadcast to the scores shape 'tensor<2x2x3x5xf32>'}}
  %0 = tfm.attention %q, %kv, %kv mask %m heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<5x3xi1>) -> tensor<2x3x8xf32>
  return
}

// -----

// A [B, 1, 1, S] padding mask with the wrong batch size.
func.func @attention_additive_mask_batch(%q: tensor<2x3x8xf32>, %m: tensor<3x1x1x3xf32>) {
  // expected-error @+1 {{mask 'tensor<3x1x1x3xf32>' does not broadcast to the scores shape 'tensor<2x2x3x3xf32>'}}
  %0 = tfm.attention %q, %q, %q mask %m heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<3x1x1x3xf32>) -> tensor<2x3x8xf32>
  return
}

// -----

func.func @attention_zero_heads(%q: tensor<2x3x8xf32>) {
  // expected-error @+1 {{attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = tfm.attention %q, %q, %q heads 0 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.kv_cache_append
//===----------------------------------------------------------------------===//

// -----

// The updated cache is the cache.
func.func @kv_cache_append_updated_type(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{updated cache must have the cache's type 'tensor<2x2x?x?x8xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x1x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_value_type(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x4xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{value and values must have the types of key and keys}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x4xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_values_type(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{value and values must have the types of key and keys}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<1x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_cache_rank(%cache: tensor<2x2x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{cache must have rank 5, but has type 'tensor<2x2x?x8xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_key_rank(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x8xf32>, %v: tensor<?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{key must have rank 3, but has type 'tensor<?x8xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_keys_rank(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{keys must have rank 3, but has type 'tensor<?x8xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>
  return
}

// -----

// Dimension 1 holds the keys (0) and the values (1).
func.func @kv_cache_append_not_keys_and_values(%cache: tensor<2x3x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{cache must be [L, 2, B, M, D] (keys and values of each layer), but has type 'tensor<2x3x?x?x8xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x3x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x3x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_dynamic_kv(%cache: tensor<2x?x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{cache must be [L, 2, B, M, D] (keys and values of each layer), but has type 'tensor<2x?x?x?x8xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x?x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x?x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_dynamic_layers(%cache: tensor<?x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{cache must have static layers and width, but has type 'tensor<?x2x?x?x8xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<?x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<?x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_dynamic_width(%cache: tensor<2x2x?x?x?xf32>, %layer: index, %k: tensor<?x?x?xf32>, %v: tensor<?x?x?xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{cache must have static layers and width, but has type 'tensor<2x2x?x?x?xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<i64> -> tensor<2x2x?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>
  return
}

// -----

// A constant layer number is one of the cache's.
func.func @kv_cache_append_layer_out_of_range(%cache: tensor<2x2x?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  %c2 = arith.constant 2 : index
  // expected-error @+1 {{layer 2 is not one of the cache's 2 layers}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%c2], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_layer_negative(%cache: tensor<2x2x?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  %m1 = arith.constant -1 : index
  // expected-error @+1 {{layer -1 is not one of the cache's 2 layers}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%m1], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

// Key and keys have the cache's batch and width.
func.func @kv_cache_append_key_batch(%cache: tensor<2x2x2x?x8xf32>, %layer: index, %k: tensor<3x?x8xf32>, %v: tensor<3x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{key type 'tensor<3x?x8xf32>' does not match the cache's batch and width [2, T, 8]}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x2x?x8xf32>, tensor<3x?x8xf32>, tensor<3x?x8xf32>, tensor<i64> -> tensor<2x2x2x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_key_width(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x4xf32>, %v: tensor<?x?x4xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{key type 'tensor<?x?x4xf32>' does not match the cache's batch and width [?, T, 8]}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x4xf32>, tensor<?x?x4xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_keys_batch(%cache: tensor<2x2x2x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{keys type 'tensor<3x?x8xf32>' does not match the cache's batch and width [2, S, 8]}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x2x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x2x?x8xf32>, tensor<3x?x8xf32>, tensor<3x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_keys_width(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{keys type 'tensor<?x?x4xf32>' does not match the cache's batch and width [?, S, 8]}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x4xf32>, tensor<?x?x4xf32>
  return
}

// -----

// The keys' length, position + T, is known at run time only.
func.func @kv_cache_append_static_keys(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{keys must have a dynamic length (position + T), but have type 'tensor<?x4x8xf32>'}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x4x8xf32>, tensor<?x4x8xf32>
  return
}

// -----

// The position is a rank-0 i64 tensor.
func.func @kv_cache_append_position_rank(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<1xi64>) {
  // expected-error @+1 {{operand #4 must be 0D tensor of 64-bit signless integer values}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<1xi64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_position_i32(%cache: tensor<2x2x?x?x8xf32>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i32>) {
  // expected-error @+1 {{operand #4 must be 0D tensor of 64-bit signless integer values}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i32> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

func.func @kv_cache_append_f16(%cache: tensor<2x2x?x?x8xf16>, %layer: index, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf16>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf16>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tfm.cross_entropy
//===----------------------------------------------------------------------===//

// -----

func.func @cross_entropy_logits_rank(%logits: tensor<6x10xf32>, %labels: tensor<2x3xi64>) {
  // expected-error @+1 {{logits must have rank 3, but has type 'tensor<6x10xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<6x10xf32>, tensor<2x3xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_labels_rank(%logits: tensor<2x3x10xf32>, %labels: tensor<6xi64>) {
  // expected-error @+1 {{labels must have rank 2, but has type 'tensor<6xi64>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf32>, tensor<6xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_element_type(%logits: tensor<2x3x10xf16>, %labels: tensor<2x3xi64>) {
  // expected-error @+1 {{requires all floating-point operands and results to have the same element type, but got 'f16' and 'f32'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf16>, tensor<2x3xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_labels_shape(%logits: tensor<2x3x10xf32>, %labels: tensor<2x4xi64>) {
  // expected-error @+1 {{labels 'tensor<2x4xi64>' must match the leading dimensions of the logits 'tensor<2x3x10xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf32>, tensor<2x4xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_mask_shape(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi64>, %mask: tensor<3x2xi1>) {
  // expected-error @+1 {{mask 'tensor<3x2xi1>' must match the leading dimensions of the logits 'tensor<2x3x10xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels mask %mask : (tensor<2x3x10xf32>, tensor<2x3xi64>, tensor<3x2xi1>) -> tensor<f32>
  return
}

// -----

// The mask does not broadcast: it is exactly [B, T].
func.func @cross_entropy_mask_rank(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi64>, %mask: tensor<3xi1>) {
  // expected-error @+1 {{mask 'tensor<3xi1>' must match the leading dimensions of the logits 'tensor<2x3x10xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels mask %mask next_token : (tensor<2x3x10xf32>, tensor<2x3xi64>, tensor<3xi1>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_mask_float(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi64>, %mask: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #2 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels mask %mask : (tensor<2x3x10xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_float_labels(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf32>, tensor<2x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_result_shape(%logits: tensor<2x3x10xf32>, %labels: tensor<2x3xi64>) {
  // expected-error @+1 {{result type 'tensor<1xf32>' does not match the expected shape 'tensor<f32>'}}
  %0 = tfm.cross_entropy %logits, %labels : (tensor<2x3x10xf32>, tensor<2x3xi64>) -> tensor<1xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.layer
//===----------------------------------------------------------------------===//

// -----

func.func @layer_empty_name(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'tfm.layer' op requires a non-empty layer name}}
  %0 = tfm.layer "" -> tensor<?x8xf32> {
    tfm.yield %x : tensor<?x8xf32>
  }
  return %0 : tensor<?x8xf32>
}

// -----

func.func @layer_yield_type(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'tfm.layer' op yields 'tensor<?x8xf32>' but its results are 'tensor<?x4xf32>'}}
  %0 = tfm.layer "h.0" -> tensor<?x4xf32> {
    tfm.yield %x : tensor<?x8xf32>
  }
  return %0 : tensor<?x4xf32>
}

// -----

func.func @yield_outside_layer(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'tfm.yield' op expects parent op 'tfm.layer'}}
  tfm.yield %x : tensor<?x8xf32>
  return %x : tensor<?x8xf32>
}

// -----

// Lower precisions round f32 tensors; int8 is for linear layers only.

func.func @linear_bf16_of_f16(%x: tensor<2x8xf16>, %w: tensor<8x4xf16>) -> tensor<2x4xf16> {
  // expected-error @+1 {{'tfm.linear' op precision bf16 needs f32 tensors, but they are 'f16'}}
  %y = tfm.linear %x, %w layout <in_out> precision <bf16> : (tensor<2x8xf16>, tensor<8x4xf16>) -> tensor<2x4xf16>
  return %y : tensor<2x4xf16>
}

// -----

func.func @attention_int8(%q: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  // expected-error @+1 {{'tfm.attention' op runs at f32 or bf16, not int8}}
  %a = tfm.attention %q, %q, %q heads 2 scale 5.000000e-01 precision <int8> : (tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %a : tensor<1x4x8xf32>
}

// -----

func.func @attention_bf16_of_f16(%q: tensor<1x4x8xf16>) -> tensor<1x4x8xf16> {
  // expected-error @+1 {{'tfm.attention' op precision bf16 needs f32 tensors, but they are 'f16'}}
  %a = tfm.attention %q, %q, %q heads 2 scale 5.000000e-01 precision <bf16> : (tensor<1x4x8xf16>, tensor<1x4x8xf16>, tensor<1x4x8xf16>) -> tensor<1x4x8xf16>
  return %a : tensor<1x4x8xf16>
}

// -----

func.func @unknown_precision(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{expected ::mlir::tfm::Precision to be one of: f32, bf16, int8}}
  // expected-error @+1 {{failed to parse Tfm_PrecisionAttr parameter 'value'}}
  %y = tfm.linear %x, %w layout <in_out> precision <fp8> : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
