// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// The verifiers accept a declared result type that is merely compatible with
// the one the operands imply: more static (a size the producer knows) or less
// static (a size it does not say). A lowering builds a value of the implied
// type and casts it to the declared one with tensor.cast, so the op's users
// see the type they were written against.

// Less static: the sum of two 3x4 tensors is declared ?x4.
// CHECK-LABEL: func.func @add_less_static
// CHECK:      linalg.generic
// CHECK:      } -> tensor<3x4xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<3x4xf32> to tensor<?x4xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x4xf32>
func.func @add_less_static(%a: tensor<3x4xf32>, %b: tensor<3x4xf32>) -> tensor<?x4xf32> {
  %0 = tfm.add %a, %b : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// A dimension along which every operand broadcasts (a static 1, or missing)
// has size 1, even where the declared type leaves it dynamic.
// CHECK-LABEL: func.func @select_broadcast_dims_dynamic
// CHECK:      %[[EMPTY:.*]] = tensor.empty() : tensor<1x3xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   outs(%[[EMPTY]] : tensor<1x3xf32>)
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<1x3xf32> to tensor<?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xf32>
func.func @select_broadcast_dims_dynamic(%c: tensor<1x3xi1>, %a: tensor<3xf32>, %b: tensor<f32>) -> tensor<?x?xf32> {
  %0 = tfm.select %c, %a, %b : (tensor<1x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// More static: the rows of the left-hand side are dynamic, the result says 3.
// CHECK-LABEL: func.func @matmul_more_static
// CHECK:      linalg.generic
// CHECK:      } -> tensor<2x?x5xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<2x?x5xf32> to tensor<2x3x5xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x3x5xf32>
func.func @matmul_more_static(%a: tensor<2x?x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = tfm.matmul %a, %b : (tensor<2x?x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// A declared result that leaves the number of output features dynamic: the
// lowering takes it from the weight, 6.
// CHECK-LABEL: func.func @linear_features_dynamic
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x6xf32> to tensor<?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xf32>
func.func @linear_features_dynamic(%x: tensor<?x4xf32>, %w: tensor<6x4xf32>) -> tensor<?x?xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A weight argument may leave the number of output features dynamic too; it
// is then read from the weight at run time (the result type may leave it
// dynamic as well, which would give an invalid tensor.empty).
// CHECK-LABEL: func.func @linear_weight_dynamic
// CHECK-SAME: (%{{[^:]*}}: tensor<2x4xf32>, %[[W:[^:]*]]: tensor<4x?xf32>)
// CHECK:      %[[N:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<4x?xf32>
// CHECK:      tensor.empty(%[[N]]) : tensor<2x?xf32>
// CHECK-NOT:  tensor.cast
// CHECK:      return %{{.*}} : tensor<2x?xf32>
func.func @linear_weight_dynamic(%x: tensor<2x4xf32>, %w: tensor<4x?xf32>) -> tensor<2x?xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// The same in layout out_in, declared with a static number of features.
// CHECK-LABEL: func.func @linear_out_in_weight_dynamic
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?xf32> to tensor<?x6xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x6xf32>
func.func @linear_out_in_weight_dynamic(%x: tensor<?x4xf32>, %w: tensor<?x4xf32>, %b: tensor<?xf32>) -> tensor<?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <out_in> : (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// -----

// With an activation the result is declared with a static batch and dynamic
// features; the value has both static.
// CHECK-LABEL: func.func @linear_activation_mixed
// CHECK:      math.tanh
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<{{.*}}x6xf32> to tensor<2x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x?xf32>
func.func @linear_activation_mixed(%x: tensor<?x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x?xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <tanh> : (tensor<?x4xf32>, tensor<4x6xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// mlp: the projection's output features come from its weight.
// CHECK-LABEL: func.func @mlp_more_and_less_static
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x4xf32> to tensor<2x3x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x3x?xf32>
func.func @mlp_more_and_less_static(%x: tensor<?x?x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) -> tensor<2x3x?xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<?x?x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x3x?xf32>
  return %0 : tensor<2x3x?xf32>
}

// -----

// An mlp whose hidden size is dynamic (weight arguments): the intermediate
// has a dynamic last dimension, the result the input's shape.
// CHECK-LABEL: func.func @mlp_hidden_dynamic
// CHECK:      tensor.empty({{.*}}) : tensor<?x?x?xf32>
// CHECK-NOT:  tensor.cast
// CHECK:      return %{{.*}} : tensor<?x?x4xf32>
func.func @mlp_hidden_dynamic(%x: tensor<?x?x4xf32>, %w1: tensor<4x?xf32>, %b1: tensor<?xf32>, %w2: tensor<?x4xf32>, %b2: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<?x?x4xf32>, tensor<4x?xf32>, tensor<?xf32>, tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// layer_norm divides by the number of features of the input (4), not by the
// declared result's last dimension, which is dynamic here.
// CHECK-LABEL: func.func @layer_norm_less_static
// CHECK:      arith.constant 4.000000e+00 : f32
// CHECK:      linalg.generic
// CHECK:      } -> tensor<?x4xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x4xf32> to tensor<?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xf32>
func.func @layer_norm_less_static(%x: tensor<?x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<?x?xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Static only in gamma: the count is 4.
// CHECK-LABEL: func.func @layer_norm_features_from_gamma
// CHECK:      arith.constant 4.000000e+00 : f32
// CHECK-NOT:  tensor.cast
// CHECK:      return
func.func @layer_norm_features_from_gamma(%x: tensor<?x?xf32>, %g: tensor<4xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?xf32>, tensor<4xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Dynamic everywhere: the count is read from the input at run time.
// CHECK-LABEL: func.func @layer_norm_features_dynamic
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>
// CHECK:      %[[C1:.*]] = arith.constant 1 : index
// CHECK:      %[[DIM:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?xf32>
// CHECK:      %[[I64:.*]] = arith.index_castui %[[DIM]] : index to i64
// CHECK:      %[[COUNT:.*]] = arith.uitofp %[[I64]] : i64 to f32
// CHECK:      arith.divf %{{.*}}, %[[COUNT]] : f32
func.func @layer_norm_features_dynamic(%x: tensor<?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// split_heads takes the heads from its attribute and the head size from the
// input, not from the declared result.
// CHECK-LABEL: func.func @split_heads_less_static
// CHECK:      tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [2, %{{.*}}, 2, 4] : tensor<2x?x8xf32> into tensor<2x?x2x4xf32>
// CHECK:      linalg.transpose
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<2x2x?x4xf32> to tensor<?x?x?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?x?x?xf32>
func.func @split_heads_less_static(%x: tensor<2x?x8xf32>) -> tensor<?x?x?x?xf32> {
  %0 = tfm.split_heads %x heads 2 : tensor<2x?x8xf32> -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @split_heads_more_static
// CHECK:      tensor.expand_shape {{.*}} : tensor<?x?x8xf32> into tensor<?x?x2x4xf32>
// CHECK:      linalg.transpose
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x2x?x4xf32> to tensor<2x2x3x4xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x2x3x4xf32>
func.func @split_heads_more_static(%x: tensor<?x?x8xf32>) -> tensor<2x2x3x4xf32> {
  %0 = tfm.split_heads %x heads 2 : tensor<?x?x8xf32> -> tensor<2x2x3x4xf32>
  return %0 : tensor<2x2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @merge_heads_mixed
// CHECK:      tensor.collapse_shape {{.*}} into tensor<?x?x8xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x8xf32> to tensor<2x3x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x3x?xf32>
func.func @merge_heads_mixed(%x: tensor<?x2x?x4xf32>) -> tensor<2x3x?xf32> {
  %0 = tfm.merge_heads %x : tensor<?x2x?x4xf32> -> tensor<2x3x?xf32>
  return %0 : tensor<2x3x?xf32>
}

// -----

// embedding takes the row width from the table.
// CHECK-LABEL: func.func @embedding_less_static
// CHECK:      linalg.generic
// CHECK:      } -> tensor<?x?x4xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x4xf32> to tensor<?x?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?x?xf32>
func.func @embedding_less_static(%table: tensor<10x4xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x?xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

// A table of dynamic width: the width is read from it at run time.
// CHECK-LABEL: func.func @embedding_more_static
// CHECK-SAME: (%[[TABLE:[^:]*]]: tensor<10x?xf32>
// CHECK:      %[[WIDTH:.*]] = tensor.dim %[[TABLE]], %{{.*}} : tensor<10x?xf32>
// CHECK:      tensor.empty(%{{.*}}, %{{.*}}, %[[WIDTH]]) : tensor<?x?x?xf32>
// CHECK:      linalg.generic
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x?xf32> to tensor<?x?x4xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?x4xf32>
func.func @embedding_more_static(%table: tensor<10x?xf32>, %ids: tensor<?x?xi64>) -> tensor<?x?x4xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x?xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// CHECK-LABEL: func.func @patch_embed_mixed
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x4x4xf32> to tensor<2x?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x?x?xf32>
func.func @patch_embed_mixed(%pixels: tensor<?x3x8x8xf32>, %w: tensor<4x3x4x4xf32>, %b: tensor<4xf32>) -> tensor<2x?x?xf32> {
  %0 = tfm.patch_embed %pixels, %w, %b : (tensor<?x3x8x8xf32>, tensor<4x3x4x4xf32>, tensor<4xf32>) -> tensor<2x?x?xf32>
  return %0 : tensor<2x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @cls_token_less_static
// CHECK:      tensor.extract_slice {{.*}} : tensor<2x?x8xf32> to tensor<2x8xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<2x8xf32> to tensor<?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xf32>
func.func @cls_token_less_static(%x: tensor<2x?x8xf32>) -> tensor<?x?xf32> {
  %0 = tfm.cls_token %x : tensor<2x?x8xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @prepend_cls_mixed
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x8xf32> to tensor<2x?x8xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x?x8xf32>
func.func @prepend_cls_mixed(%x: tensor<?x4x8xf32>, %cls: tensor<1x1x8xf32>) -> tensor<2x?x8xf32> {
  %0 = tfm.prepend_cls %x, %cls : (tensor<?x4x8xf32>, tensor<1x1x8xf32>) -> tensor<2x?x8xf32>
  return %0 : tensor<2x?x8xf32>
}

// -----

// CHECK-LABEL: func.func @padding_mask_mixed
// CHECK:      linalg.generic
// CHECK:      } -> tensor<?x1x1x?xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x1x1x?xf32> to tensor<2x?x?x5xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x?x?x5xf32>
func.func @padding_mask_mixed(%m: tensor<?x?xi64>) -> tensor<2x?x?x5xf32> {
  %0 = tfm.padding_mask %m : tensor<?x?xi64> -> tensor<2x?x?x5xf32>
  return %0 : tensor<2x?x?x5xf32>
}

// -----

// CHECK-LABEL: func.func @mlm_mask_less_static
// CHECK:      linalg.generic
// CHECK:      } -> tensor<2x3xi1>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<2x3xi1> to tensor<?x?xi1>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xi1>
func.func @mlm_mask_less_static(%ids: tensor<2x3xi32>) -> tensor<?x?xi1> {
  %0 = tfm.mlm_mask %ids seed 0 probability 5.000000e-01 : tensor<2x3xi32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// attention requires a static hidden size of the query only; a key and value
// that leave theirs dynamic are cast to the query's before the heads split.
// CHECK-LABEL: func.func @attention_key_hidden_dynamic
// CHECK-SAME: (%{{[^:]*}}: tensor<?x?x8xf32>, %[[K:[^:]*]]: tensor<?x?x?xf32>, %[[V:[^:]*]]: tensor<?x?x?xf32>)
// CHECK-DAG:  tensor.cast %[[K]] : tensor<?x?x?xf32> to tensor<?x?x8xf32>
// CHECK-DAG:  tensor.cast %[[V]] : tensor<?x?x?xf32> to tensor<?x?x8xf32>
// CHECK:      %[[Y:.*]] = tensor.collapse_shape {{.*}} into tensor<?x?x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<?x?x8xf32>
func.func @attention_key_hidden_dynamic(%q: tensor<?x?x8xf32>, %k: tensor<?x?x?xf32>, %v: tensor<?x?x?xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.attention %q, %k, %v heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// The declared type equals the implied one: no cast.
// CHECK-LABEL: func.func @add_same_type
// CHECK-NOT:  tensor.cast
// CHECK:      return
func.func @add_same_type(%a: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = tfm.add %a, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
