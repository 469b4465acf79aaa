// RUN: tfm-opt %s --split-input-file --tfm-pretranspose-weights | FileCheck %s

// An `out_in` layer whose weights are tfm.params used only as `out_in`
// weights reads them transposed instead ([in, out], bound so at load time)
// in layout `in_out`. Anything else (another user of the weight, a weight
// that is not a param, an `in_out` layer) is left as it is; each positive
// case is followed by the negative cases next to it.

// A linear layer: the weight is bound transposed, with the transposed
// shape; the bias and an unused param stay as they are.
// CHECK-LABEL: func.func @linear_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK:      %[[W:.*]] = tfm.param "fc.weight" transposed : tensor<4x6xf32>
// CHECK:      %[[B:.*]] = tfm.param "fc.bias" : tensor<6xf32>
// CHECK:      tfm.param "unused" : tensor<2x3xf32>
// CHECK:      %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
// CHECK:      return %[[Y]]
func.func @linear_out_in(%x: tensor<?x4xf32>) -> (tensor<?x6xf32>, tensor<2x3xf32>) {
  %w = tfm.param "fc.weight" : tensor<6x4xf32>
  %b = tfm.param "fc.bias" : tensor<6xf32>
  %u = tfm.param "unused" : tensor<2x3xf32>
  %y = tfm.linear %x, %w, %b layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  return %y, %u : tensor<?x6xf32>, tensor<2x3xf32>
}

// -----

// The weight keeps its aliases: the transposed param is the same checkpoint
// tensor.
// CHECK-LABEL: func.func @linear_out_in_aliases
// CHECK:      %[[W:.*]] = tfm.param "fc.weight" transposed : tensor<4x6xf32> aliases ["bert.fc.weight"]
// CHECK:      tfm.linear %{{.*}}, %[[W]] layout <in_out>
func.func @linear_out_in_aliases(%x: tensor<?x4xf32>) -> tensor<?x6xf32> {
  %w = tfm.param "fc.weight" : tensor<6x4xf32> aliases ["bert.fc.weight"]
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  return %y : tensor<?x6xf32>
}

// -----

// The activation is kept.
// CHECK-LABEL: func.func @linear_out_in_activation
// CHECK:      %[[W:.*]] = tfm.param "pooler.dense.weight" transposed : tensor<4x4xf32>
// CHECK:      tfm.linear %{{.*}}, %[[W]], %{{.*}} layout <in_out> activation <tanh>
func.func @linear_out_in_activation(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %w = tfm.param "pooler.dense.weight" : tensor<4x4xf32>
  %b = tfm.param "pooler.dense.bias" : tensor<4xf32>
  %y = tfm.linear %x, %w, %b layout <out_in> activation <tanh> : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// Negative: GPT-2's tied embedding. wte is the embedding table and the LM
// head's weight; binding it transposed too would hold a second copy of the
// table, so the param and the linear stay as they are.
// CHECK-LABEL: func.func @tied_embedding
// CHECK:      %[[WTE:.*]] = tfm.param "wte.weight" : tensor<10x4xf32>
// CHECK-NOT:  transposed
// CHECK:      tfm.embedding %[[WTE]]
// CHECK:      tfm.linear %{{.*}}, %[[WTE]] layout <out_in>
func.func @tied_embedding(%ids: tensor<?x?xi64>) -> tensor<?x?x10xf32> {
  %wte = tfm.param "wte.weight" : tensor<10x4xf32>
  %h = tfm.embedding %wte[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %logits = tfm.linear %h, %wte layout <out_in> : (tensor<?x?x4xf32>, tensor<10x4xf32>) -> tensor<?x?x10xf32>
  return %logits : tensor<?x?x10xf32>
}

// -----

// Negative: the same, with the table's two uses through two tfm.param ops
// of the same name (bound to one tensor).
// CHECK-LABEL: func.func @tied_embedding_two_param_ops
// CHECK-NOT:  transposed
// CHECK:      tfm.linear %{{.*}}, %{{.*}} layout <out_in>
func.func @tied_embedding_two_param_ops(%ids: tensor<?x?xi64>) -> tensor<?x?x10xf32> {
  %table = tfm.param "wte.weight" : tensor<10x4xf32>
  %h = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %head = tfm.param "wte.weight" : tensor<10x4xf32>
  %logits = tfm.linear %h, %head layout <out_in> : (tensor<?x?x4xf32>, tensor<10x4xf32>) -> tensor<?x?x10xf32>
  return %logits : tensor<?x?x10xf32>
}

// -----

// Negative: an `in_out` linear already has the layout code generation wants.
// CHECK-LABEL: func.func @linear_in_out
// CHECK:      %[[W:.*]] = tfm.param "c_attn.weight" : tensor<4x12xf32>
// CHECK:      tfm.linear %{{.*}}, %[[W]] layout <in_out>
func.func @linear_in_out(%x: tensor<?x4xf32>) -> tensor<?x12xf32> {
  %w = tfm.param "c_attn.weight" : tensor<4x12xf32>
  %y = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x12xf32>) -> tensor<?x12xf32>
  return %y : tensor<?x12xf32>
}

// -----

// Negative: a weight that is not a tfm.param (a function argument) is the
// caller's; nothing is bound for it.
// CHECK-LABEL: func.func @weight_argument
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK:      tfm.linear %[[X]], %[[W]] layout <out_in>
func.func @weight_argument(%x: tensor<?x4xf32>, %w: tensor<6x4xf32>) -> tensor<?x6xf32> {
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  return %y : tensor<?x6xf32>
}

// -----

// One param used by two `out_in` linears is transposed once; both read it.
// CHECK-LABEL: func.func @shared_by_two_linears
// CHECK:      %[[W:.*]] = tfm.param "shared.weight" transposed : tensor<4x6xf32>
// CHECK-NOT:  tfm.param
// CHECK:      tfm.linear %{{.*}}, %[[W]] layout <in_out>
// CHECK:      tfm.linear %{{.*}}, %[[W]] layout <in_out>
func.func @shared_by_two_linears(%x: tensor<?x4xf32>, %z: tensor<?x4xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>) {
  %w = tfm.param "shared.weight" : tensor<6x4xf32>
  %y1 = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  %y2 = tfm.linear %z, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  return %y1, %y2 : tensor<?x6xf32>, tensor<?x6xf32>
}

// -----

// An `out_in` mlp: both weights are bound transposed, the biases are not.
// CHECK-LABEL: func.func @mlp_out_in
// CHECK:      %[[FC:.*]] = tfm.param "fc.weight" transposed : tensor<4x16xf32>
// CHECK:      %[[FCB:.*]] = tfm.param "fc.bias" : tensor<16xf32>
// CHECK:      %[[PROJ:.*]] = tfm.param "proj.weight" transposed : tensor<16x4xf32>
// CHECK:      %[[PROJB:.*]] = tfm.param "proj.bias" : tensor<4xf32>
// CHECK:      tfm.mlp %{{.*}}, %[[FC]], %[[FCB]], %[[PROJ]], %[[PROJB]] layout <in_out> approximate <erf> : (tensor<?x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
func.func @mlp_out_in(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %fc = tfm.param "fc.weight" : tensor<16x4xf32>
  %fcb = tfm.param "fc.bias" : tensor<16xf32>
  %proj = tfm.param "proj.weight" : tensor<4x16xf32>
  %projb = tfm.param "proj.bias" : tensor<4xf32>
  %y = tfm.mlp %x, %fc, %fcb, %proj, %projb layout <out_in> approximate <erf> : (tensor<?x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// Negative: an mlp is rewritten whole or not at all. One weight has another
// user, so neither is transposed and the layout stays.
// CHECK-LABEL: func.func @mlp_weight_with_other_user
// CHECK-NOT:  transposed
// CHECK:      tfm.mlp {{.*}} layout <out_in>
func.func @mlp_weight_with_other_user(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<4x16xf32>) {
  %fc = tfm.param "fc.weight" : tensor<16x4xf32>
  %fcb = tfm.param "fc.bias" : tensor<16xf32>
  %proj = tfm.param "proj.weight" : tensor<4x16xf32>
  %projb = tfm.param "proj.bias" : tensor<4xf32>
  %y = tfm.mlp %x, %fc, %fcb, %proj, %projb layout <out_in> approximate <erf> : (tensor<?x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y, %proj : tensor<?x4xf32>, tensor<4x16xf32>
}

// -----

// Negative (regression): a weight shared by that kept mlp and an `out_in`
// linear. Transposing it for the linear would make the mlp, still `out_in`,
// read it transposed (invalid IR, or wrong results for a square weight); the
// linear stays `out_in` too.
// CHECK-LABEL: func.func @weight_shared_with_kept_mlp
// CHECK-NOT:  transposed
// CHECK:      tfm.mlp {{.*}} layout <out_in>
// CHECK:      tfm.linear {{.*}} layout <out_in>
func.func @weight_shared_with_kept_mlp(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x16xf32>, tensor<4x16xf32>) {
  %fc = tfm.param "fc.weight" : tensor<16x4xf32>
  %fcb = tfm.param "fc.bias" : tensor<16xf32>
  %proj = tfm.param "proj.weight" : tensor<4x16xf32>
  %projb = tfm.param "proj.bias" : tensor<4xf32>
  %y = tfm.mlp %x, %fc, %fcb, %proj, %projb layout <out_in> approximate <erf> : (tensor<?x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %h = tfm.linear %x, %fc layout <out_in> : (tensor<?x4xf32>, tensor<16x4xf32>) -> tensor<?x16xf32>
  return %y, %h, %proj : tensor<?x4xf32>, tensor<?x16xf32>, tensor<4x16xf32>
}
