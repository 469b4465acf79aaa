// RUN: tfm-opt %s --split-input-file | tfm-opt --split-input-file | FileCheck %s

// The tfm dialect's argument and result attributes, as the importer and the
// binding passes write them, round-trip through the verifier. Their
// negative cases are in argument-attributes-invalid.mlir, in the same order.

// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[IDS:[^:]*]]: tensor<?x?xi64> {tfm.name = "input_ids"},
// CHECK-SAME: %[[MASK:[^:]*]]: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"},
// CHECK-SAME: %[[TYPES:[^:]*]]: tensor<?x?xi64> {tfm.default = "zeros", tfm.name = "token_type_ids"},
// CHECK-SAME: %[[W:[^:]*]]: tensor<8x4xf32> {tfm.aliases = ["bert.fc.weight"], tfm.param = "fc.weight", tfm.prepack = 50 : i64, tfm.transposed},
// CHECK-SAME: %[[B:[^:]*]]: tensor<4xf32> {tfm.param = "fc.bias"})
// CHECK-SAME: -> (tensor<?x?xi64> {tfm.name = "ids"}, tensor<4xf32>)
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %mask: tensor<?x?xi64> {tfm.name = "attention_mask", tfm.default = "ones"},
                   %types: tensor<?x?xi64> {tfm.name = "token_type_ids", tfm.default = "zeros"},
                   %w: tensor<8x4xf32> {tfm.param = "fc.weight", tfm.aliases = ["bert.fc.weight"],
                                        tfm.transposed, tfm.prepack = 50 : i64},
                   %b: tensor<4xf32> {tfm.param = "fc.bias"})
    -> (tensor<?x?xi64> {tfm.name = "ids"}, tensor<4xf32>) {
  return %ids, %b : tensor<?x?xi64>, tensor<4xf32>
}

// -----

// Once bufferized, a weight is a memref; an external function's arguments
// are verified too.
// CHECK-LABEL: func.func private @bufferized
// CHECK-SAME: (memref<2x3xf32> {tfm.aliases = ["transformer.w", "w.gamma"], tfm.param = "w", tfm.transposed})
func.func private @bufferized(memref<2x3xf32> {tfm.param = "w", tfm.transposed,
                                              tfm.aliases = ["transformer.w", "w.gamma"]})

// -----

// Names may hold any character but a control character (see
// argument-attributes-invalid.mlir): spaces and UTF-8 are kept as they are.
// CHECK-LABEL: func.func private @unusual_names
// CHECK-SAME: (memref<4xf32> {tfm.aliases = ["poids \E2\82\AC"], tfm.param = "w\C3\A9ight 1"})
// CHECK-SAME: -> (tensor<4xf32> {tfm.name = "sortie \C3\A9"})
func.func private @unusual_names(memref<4xf32> {tfm.param = "w\C3\A9ight 1", tfm.aliases = ["poids \E2\82\AC"]})
    -> (tensor<4xf32> {tfm.name = "sortie \C3\A9"})

// -----

// tfm.weight_index: a weight's position in the model's weight table, kept
// through bufferization.
// CHECK-LABEL: func.func private @weight_index
// CHECK-SAME: (memref<2x3xf32> {tfm.weight_index = 1 : i64})
func.func private @weight_index(memref<2x3xf32> {tfm.weight_index = 1 : i64})

// -----

// tfm.updates: a result that is the input of that tfm.name updated in place
// (a KV cache), next to a named output.
// CHECK-LABEL: func.func @updates
// CHECK-SAME: (%[[IDS:[^:]*]]: tensor<?x?xi64> {tfm.name = "input_ids"},
// CHECK-SAME: %[[CACHE:[^:]*]]: tensor<2x2x?x?x8xf32> {tfm.name = "kv_cache"})
// CHECK-SAME: -> (tensor<?x?xi64> {tfm.name = "ids"}, tensor<2x2x?x?x8xf32> {tfm.updates = "kv_cache"})
// CHECK-NEXT: return %[[IDS]], %[[CACHE]]
func.func @updates(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %cache: tensor<2x2x?x?x8xf32> {tfm.name = "kv_cache"})
    -> (tensor<?x?xi64> {tfm.name = "ids"}, tensor<2x2x?x?x8xf32> {tfm.updates = "kv_cache"}) {
  return %ids, %cache : tensor<?x?xi64>, tensor<2x2x?x?x8xf32>
}
