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

