// RUN: tfm-opt %s --split-input-file --verify-diagnostics

// The tfm dialect verifies its argument and result attributes: one case per
// rule, in the order of TfmDialect.td. The valid forms are in
// argument-attributes.mlir.

// tfm.name: a string.
// expected-error @+1 {{'func.func' op argument #0 has 'tfm.name' = 3 : i64, expected a string}}
func.func @name_not_string(%x: tensor<4xf32> {tfm.name = 3}) {
  return
}

