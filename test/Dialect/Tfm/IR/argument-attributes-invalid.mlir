// RUN: tfm-opt %s --split-input-file --verify-diagnostics

// The tfm dialect verifies its argument and result attributes: one case per
// rule, in the order of TfmDialect.td. The valid forms are in
// argument-attributes.mlir.

// tfm.name: a string.
// expected-error @+1 {{'func.func' op argument #0 has 'tfm.name' = 3 : i64, expected a string}}
func.func @name_not_string(%x: tensor<4xf32> {tfm.name = 3}) {
  return
}

// -----

// Names become C strings in the model's description: a NUL would cut
// "x\00evil" to "x", so no name may contain a control character.
// expected-error @+1 {{argument #0 has 'tfm.name' = "x\00evil", which contains the control character 0x00; names may not contain control characters}}
func.func @name_nul(%x: tensor<4xf32> {tfm.name = "x\00evil"}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.name' = "x\0Ay", which contains the control character 0x0a; names may not contain control characters}}
func.func @name_newline(%x: tensor<4xf32> {tfm.name = "x\0Ay"}) {
  return
}

// -----

// tfm.default: "ones" or "zeros".
// expected-error @+1 {{argument #1 has 'tfm.default' = "twos", expected "ones" or "zeros"}}
func.func @default_twos(%ids: tensor<?x?xi64>, %mask: tensor<?x?xi64> {tfm.default = "twos"}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.default' = 1 : i64, expected "ones" or "zeros"}}
func.func @default_not_string(%mask: tensor<?x?xi64> {tfm.default = 1}) {
  return
}

// -----

// tfm.param: a non-empty string...
// expected-error @+1 {{argument #0 has 'tfm.param' = "", expected a non-empty string}}
func.func @param_empty(%w: tensor<4xf32> {tfm.param = ""}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.param' = ["w"], expected a non-empty string}}
func.func @param_not_string(%w: tensor<4xf32> {tfm.param = ["w"]}) {
  return
}

// -----

// ...without control characters: "w\00evil" would bind the weight "w".
// expected-error @+1 {{argument #0 has 'tfm.param' = "w\00evil", which contains the control character 0x00; names may not contain control characters}}
func.func @param_nul(%w: tensor<4xf32> {tfm.param = "w\00evil"}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.param' = "w\7F", which contains the control character 0x7f; names may not contain control characters}}
func.func @param_delete(%w: tensor<4xf32> {tfm.param = "w\7F"}) {
  return
}

// -----

// ...on a tensor or memref of static shape.
// expected-error @+1 {{argument #0 has 'tfm.param' = "w", but a weight must be a tensor or memref of static shape, not 'i32'}}
func.func @param_not_tensor(%w: i32 {tfm.param = "w"}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.param' = "w", but a weight must be a tensor or memref of static shape, not 'tensor<?x4xf32>'}}
func.func @param_dynamic(%w: tensor<?x4xf32> {tfm.param = "w"}) {
  return
}

// -----

// tfm.aliases: a non-empty array of non-empty strings...
// expected-error @+1 {{argument #0 has 'tfm.aliases' = ["bert.w", 1], expected a non-empty array of non-empty strings}}
func.func @aliases_not_strings(%w: tensor<4xf32> {tfm.param = "w", tfm.aliases = ["bert.w", 1]}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.aliases' = "bert.w", expected a non-empty array of non-empty strings}}
func.func @aliases_not_array(%w: tensor<4xf32> {tfm.param = "w", tfm.aliases = "bert.w"}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.aliases' = [], expected a non-empty array of non-empty strings}}
func.func @aliases_empty(%w: tensor<4xf32> {tfm.param = "w", tfm.aliases = []}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.aliases' = [""], expected a non-empty array of non-empty strings}}
func.func @aliases_empty_name(%w: tensor<4xf32> {tfm.param = "w", tfm.aliases = [""]}) {
  return
}

// -----

// ...on a weight.
// expected-error @+1 {{argument #0 has 'tfm.aliases' = ["bert.w", "bert\09w"], which contains the control character 0x09; names may not contain control characters}}
func.func @aliases_tab(%w: tensor<4xf32> {tfm.param = "w", tfm.aliases = ["bert.w", "bert\09w"]}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.aliases' but no 'tfm.param'; only a weight's argument may carry it}}
func.func @aliases_without_param(%x: tensor<4xf32> {tfm.aliases = ["bert.x"]}) {
  return
}

// -----

// tfm.name and tfm.default name and fill a model input, never a weight.
// expected-error @+1 {{argument #0 has 'tfm.name' and 'tfm.param'; only an input's argument may carry it}}
func.func @name_on_weight(%w: tensor<4xf32> {tfm.param = "w", tfm.name = "x"}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.default' and 'tfm.param'; only an input's argument may carry it}}
func.func @default_on_weight(%w: tensor<4xf32> {tfm.param = "w", tfm.default = "ones"}) {
  return
}

// -----

// tfm.transposed: a unit attribute...
// expected-error @+1 {{argument #0 has 'tfm.transposed' = true, expected a unit attribute}}
func.func @transposed_bool(%w: tensor<2x3xf32> {tfm.param = "w", tfm.transposed = true}) {
  return
}

// -----

// ...on a weight...
// expected-error @+1 {{argument #0 has 'tfm.transposed' but no 'tfm.param'; only a weight's argument may carry it}}
func.func @transposed_without_param(%x: tensor<2x3xf32> {tfm.transposed}) {
  return
}

// -----

// ...that is a matrix.
// expected-error @+1 {{argument #0 has 'tfm.transposed', which requires a matrix, but has type 'tensor<6xf32>'}}
func.func @transposed_vector(%w: tensor<6xf32> {tfm.param = "w", tfm.transposed}) {
  return
}

// -----

// tfm.prepack: a non-negative i64...
// expected-error @+1 {{argument #0 has 'tfm.prepack' = -1 : i64, expected a non-negative i64 (tfmrt_linear flags)}}
func.func @prepack_negative(%w: tensor<2x3xf32> {tfm.param = "w", tfm.prepack = -1 : i64}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.prepack' = 50 : i32, expected a non-negative i64 (tfmrt_linear flags)}}
func.func @prepack_i32(%w: tensor<2x3xf32> {tfm.param = "w", tfm.prepack = 50 : i32}) {
  return
}

// -----

// expected-error @+1 {{argument #0 has 'tfm.prepack' = "50", expected a non-negative i64 (tfmrt_linear flags)}}
func.func @prepack_string(%w: tensor<2x3xf32> {tfm.param = "w", tfm.prepack = "50"}) {
  return
}

// -----

// ...on a weight...
// expected-error @+1 {{argument #1 has 'tfm.prepack' but no 'tfm.param'; only a weight's argument may carry it}}
func.func @prepack_without_param(%x: tensor<?x3xf32>, %w: tensor<2x3xf32> {tfm.prepack = 50 : i64}) {
  return
}

// -----

// ...that is a matrix.
// expected-error @+1 {{argument #0 has 'tfm.prepack', which requires a matrix, but has type 'tensor<2x3x4xf32>'}}
func.func @prepack_not_matrix(%w: tensor<2x3x4xf32> {tfm.param = "w", tfm.prepack = 50 : i64}) {
  return
}

// -----

// No other tfm attribute is an argument attribute.
// expected-error @+1 {{argument #0 has unknown attribute 'tfm.weight'}}
func.func @unknown(%w: tensor<4xf32> {tfm.weight = "w"}) {
  return
}

// -----

// Results: only tfm.name, a string.
// expected-error @+1 {{'func.func' op result #0 has 'tfm.name' = 1 : i64, expected a string}}
func.func @result_name_not_string(%x: tensor<4xf32>) -> (tensor<4xf32> {tfm.name = 1}) {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op result #0 has 'tfm.name' = "out\0D", which contains the control character 0x0d; names may not contain control characters}}
func.func @result_name_carriage_return(%x: tensor<4xf32>) -> (tensor<4xf32> {tfm.name = "out\0D"}) {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{result #0 has 'tfm.param'; a result may only carry 'tfm.name'}}
func.func @result_param(%x: tensor<4xf32>) -> (tensor<4xf32> {tfm.param = "w"}) {
  return %x : tensor<4xf32>
}

// -----

// The message names both result attributes.
// expected-error @+1 {{result #0 has 'tfm.default'; a result may only carry 'tfm.name' and 'tfm.updates'}}
func.func @result_default(%x: tensor<4xf32>) -> (tensor<4xf32> {tfm.default = "ones"}) {
  return %x : tensor<4xf32>
}

// -----

// tfm.updates: the tfm.name of an input, a string...
// expected-error @+1 {{'func.func' op result #0 has 'tfm.updates' = 1 : i64, expected a string}}
func.func @result_updates_not_string(%x: tensor<4xf32>) -> (tensor<4xf32> {tfm.updates = 1}) {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op result #0 has 'tfm.updates' = "cache\0A", which contains the control character 0x0a; names may not contain control characters}}
func.func @result_updates_newline(%x: tensor<4xf32>) -> (tensor<4xf32> {tfm.updates = "cache\0A"}) {
  return %x : tensor<4xf32>
}

// -----

// ...on a result only.
// expected-error @+1 {{argument #0 has unknown attribute 'tfm.updates'}}
func.func @updates_on_argument(%x: tensor<4xf32> {tfm.updates = "x"}) {
  return
}

// -----

// tfm.weight_index: a non-negative i64...
// expected-error @+1 {{argument #0 has 'tfm.weight_index' = -1 : i64, expected a non-negative i64}}
func.func private @weight_index_negative(memref<2x3xf32> {tfm.weight_index = -1 : i64})

// -----

// expected-error @+1 {{argument #0 has 'tfm.weight_index' = 1 : i32, expected a non-negative i64}}
func.func private @weight_index_i32(memref<2x3xf32> {tfm.weight_index = 1 : i32})

// -----

// ...on an argument of static shape.
// expected-error @+1 {{argument #0 has 'tfm.weight_index' = 0 : i64, but a weight must be a tensor or memref of static shape, not 'memref<?x3xf32>'}}
func.func private @weight_index_dynamic(memref<?x3xf32> {tfm.weight_index = 0 : i64})
