// RUN: tfm-opt %s --split-input-file --verify-diagnostics \
// RUN:   --tfm-emit-model-descriptor="model-name=tiny" | FileCheck %s

// A model with a KV cache: an input updated in place (the result marked
// tfm.updates) and a position that offsets tfm.position_ids.

// The cache input keeps its tfm.name and the result its tfm.updates, for
// tfm-drop-in-place-results after bufferization; the other names go.
// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%{{[^:]*}}: tensor<?x?xi64>, %{{[^:]*}}: tensor<i64>, %{{[^:]*}}: tensor<2x2x?x?x4xf32> {tfm.name = "kv_cache"}, %{{[^:]*}}: tensor<6x4xf32> {tfm.weight_index = 0 : i64})
// CHECK-SAME:    -> (tensor<?x?x4xf32>, tensor<2x2x?x?x4xf32> {tfm.updates = "kv_cache"})
// CHECK-LABEL: llvm.func @tfm_model_entry
// CHECK-SAME:    descriptors = 3 : i64, results = true, weights = 1 : i64

// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs()
// CHECK-SAME:    !llvm.array<3 x struct<"tfm_io_info", (ptr, i32, i32, array<8 x i64>, ptr, i64, i64, i32, i32)>>
// input_ids: at most 6 tokens (through the positions), not updated, no offset.
// CHECK:         llvm.mlir.addressof @tfm_inputs_0_name
// CHECK:         %[[MAX0:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK-NEXT:    %[[UPDATED0:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[OFFSETS0:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK:         llvm.insertvalue %[[MAX0]], %{{.*}}[6]
// CHECK-NEXT:    llvm.insertvalue %[[UPDATED0]], %{{.*}}[7]
// CHECK-NEXT:    llvm.insertvalue %[[OFFSETS0]], %{{.*}}[8]
// position: rank 0; it plus input 0's tokens at most the table's 6 rows.
// CHECK:         llvm.mlir.addressof @tfm_inputs_1_name
// CHECK-NEXT:    llvm.mlir.constant(1 : i32) : i32
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK:         %[[MAX1:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK-NEXT:    %[[UPDATED1:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[OFFSETS1:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         llvm.insertvalue %[[MAX1]], %{{.*}}[6]
// CHECK-NEXT:    llvm.insertvalue %[[UPDATED1]], %{{.*}}[7]
// CHECK-NEXT:    llvm.insertvalue %[[OFFSETS1]], %{{.*}}[8]
// kv_cache: f32, rank 5, updated in place.
// CHECK:         llvm.mlir.addressof @tfm_inputs_2_name
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    llvm.mlir.constant(5 : i32) : i32
// CHECK-NEXT:    llvm.mlir.constant(dense<[2, 2, -1, -1, 4, 0, 0, 0]> : tensor<8xi64>)
// CHECK:         %[[UPDATED2:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK-NEXT:    %[[OFFSETS2:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK:         llvm.insertvalue %[[UPDATED2]], %{{.*}}[7]
// CHECK-NEXT:    llvm.insertvalue %[[OFFSETS2]], %{{.*}}[8]
// CHECK:         llvm.return

// The updated cache is not an output: one output, the hidden state.
// CHECK:       llvm.mlir.global private constant @tfm_outputs_0_name("hidden\00")
// CHECK-NOT:   @tfm_outputs_1_name
// CHECK-LABEL: llvm.mlir.global private constant @tfm_outputs()
// CHECK-SAME:    !llvm.array<1 x struct<"tfm_io_info"
// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK:         llvm.mlir.constant(3 : i32) : i32
// CHECK-NEXT:    llvm.mlir.addressof @tfm_inputs
// CHECK-NEXT:    %[[NUM_OUTPUTS:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK-NEXT:    llvm.mlir.addressof @tfm_outputs
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %pos: tensor<i64> {tfm.name = "position"},
                   %cache: tensor<2x2x?x?x4xf32> {tfm.name = "kv_cache"},
                   %wpe: tensor<6x4xf32> {tfm.param = "wpe.weight"})
    -> (tensor<?x?x4xf32> {tfm.name = "hidden"}, tensor<2x2x?x?x4xf32> {tfm.updates = "kv_cache"}) {
  %positions = tfm.position_ids %ids offset %pos : tensor<?x?xi64>, tensor<i64>
  %h = tfm.embedding %wpe[%positions] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %h, %cache : tensor<?x?x4xf32>, tensor<2x2x?x?x4xf32>
}

// -----

// A position that offsets positions indexing no table has no limit to
// check: max_sequence 0, offsets_input -1.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs()
// CHECK:         llvm.mlir.addressof @tfm_inputs_1_name
// CHECK:         llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[MAX:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[OFFSETS:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK:         llvm.insertvalue %[[MAX]], %{{.*}}[6]
// CHECK:         llvm.insertvalue %[[OFFSETS]], %{{.*}}[8]
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %pos: tensor<i64> {tfm.name = "position"}) -> (tensor<?x1x1x?xf32> {tfm.name = "mask"}) {
  %positions = tfm.position_ids %ids offset %pos : tensor<?x?xi64>, tensor<i64>
  %mask = tfm.padding_mask %positions : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
  return %mask : tensor<?x1x1x?xf32>
}

// -----

// Rotary positions (LLaMA) index no table; their `limit` is the model's
// positions: the ids hold at most 9 tokens, and position plus input 0's
// tokens at most 9 too. With a table as well, the smaller of the two.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs()
// CHECK:         llvm.mlir.addressof @tfm_inputs_0_name
// CHECK:         %[[MAX0:.*]] = llvm.mlir.constant(9 : i64) : i64
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[OFFSETS0:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK:         llvm.insertvalue %[[MAX0]], %{{.*}}[6]
// CHECK:         llvm.insertvalue %[[OFFSETS0]], %{{.*}}[8]
// CHECK:         llvm.mlir.addressof @tfm_inputs_1_name
// CHECK:         %[[MAX1:.*]] = llvm.mlir.constant(9 : i64) : i64
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[OFFSETS1:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         llvm.insertvalue %[[MAX1]], %{{.*}}[6]
// CHECK:         llvm.insertvalue %[[OFFSETS1]], %{{.*}}[8]
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %pos: tensor<i64> {tfm.name = "position"}) -> (tensor<?x1x1x?xf32> {tfm.name = "mask"}) {
  %positions = tfm.position_ids %ids offset %pos limit 9 : tensor<?x?xi64>, tensor<i64>
  %mask = tfm.padding_mask %positions : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
  return %mask : tensor<?x1x1x?xf32>
}

// -----

// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs()
// CHECK:         llvm.mlir.addressof @tfm_inputs_1_name
// CHECK:         %[[MAX:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK:         llvm.insertvalue %[[MAX]], %{{.*}}[6]
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %pos: tensor<i64> {tfm.name = "position"},
                   %wpe: tensor<6x4xf32> {tfm.param = "wpe.weight"}) -> (tensor<?x?x4xf32> {tfm.name = "h"}) {
  %positions = tfm.position_ids %ids offset %pos limit 9 : tensor<?x?xi64>, tensor<i64>
  %h = tfm.embedding %wpe[%positions] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %h : tensor<?x?x4xf32>
}

// -----

// Several positions offset by it from the same input's ids: one check, the
// smaller table's rows (regression: the second was refused).
// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs()
// CHECK:         llvm.mlir.addressof @tfm_inputs_1_name
// CHECK:         %[[MAX:.*]] = llvm.mlir.constant(5 : i64) : i64
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[OFFSETS:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         llvm.insertvalue %[[MAX]], %{{.*}}[6]
// CHECK:         llvm.insertvalue %[[OFFSETS]], %{{.*}}[8]
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}, %pos: tensor<i64> {tfm.name = "position"},
                   %wpe: tensor<6x4xf32> {tfm.param = "wpe.weight"}, %wpe2: tensor<5x4xf32> {tfm.param = "wpe2.weight"})
    -> (tensor<?x?x4xf32> {tfm.name = "a"}, tensor<?x?x4xf32> {tfm.name = "b"}) {
  %p0 = tfm.position_ids %ids offset %pos : tensor<?x?xi64>, tensor<i64>
  %h0 = tfm.embedding %wpe[%p0] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %p1 = tfm.position_ids %ids offset %pos : tensor<?x?xi64>, tensor<i64>
  %h1 = tfm.embedding %wpe2[%p1] : tensor<5x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %h0, %h1 : tensor<?x?x4xf32>, tensor<?x?x4xf32>
}

// -----

// A weight before the inputs: offsets_input counts inputs, not arguments
// (position offsets input_ids, input 0), and the updated input is found
// among the arguments past the weight (a regression test: both were read
// as if the inputs came first).
// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs()
// CHECK:         llvm.mlir.addressof @tfm_inputs_1_name
// CHECK:         %[[MAX:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[OFFSETS:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         llvm.insertvalue %[[MAX]], %{{.*}}[6]
// CHECK:         llvm.insertvalue %[[OFFSETS]], %{{.*}}[8]
// CHECK:         llvm.mlir.addressof @tfm_inputs_2_name
// CHECK:         %[[UPDATED:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK-NEXT:    llvm.mlir.constant(-1 : i32) : i32
// CHECK:         llvm.insertvalue %[[UPDATED]], %{{.*}}[7]
func.func @forward(%wpe: tensor<6x4xf32> {tfm.param = "wpe.weight"},
                   %ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %pos: tensor<i64> {tfm.name = "position"},
                   %cache: tensor<2x2x?x?x4xf32> {tfm.name = "kv_cache"})
    -> (tensor<?x?x4xf32> {tfm.name = "hidden"}, tensor<2x2x?x?x4xf32> {tfm.updates = "kv_cache"}) {
  %positions = tfm.position_ids %ids offset %pos : tensor<?x?xi64>, tensor<i64>
  %h = tfm.embedding %wpe[%positions] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %h, %cache : tensor<?x?x4xf32>, tensor<2x2x?x?x4xf32>
}

// -----

// tfm.updates must name an input...
// expected-error @+1 {{result #1 updates input 'cache' in place, but no input has that name}}
func.func @forward(%x: tensor<4xf32> {tfm.name = "x"}, %cache: tensor<2x2x1x3x4xf32> {tfm.name = "kv_cache"})
    -> (tensor<4xf32> {tfm.name = "y"}, tensor<2x2x1x3x4xf32> {tfm.updates = "cache"}) {
  return %x, %cache : tensor<4xf32>, tensor<2x2x1x3x4xf32>
}

// -----

// ...of the result's type...
// expected-error @+1 {{result #0 updates input 'kv_cache' in place, but the input has type 'tensor<2x2x1x3x4xf32>' and the result 'tensor<2x2x1x?x4xf32>'}}
func.func @forward(%cache: tensor<2x2x1x3x4xf32> {tfm.name = "kv_cache"})
    -> (tensor<2x2x1x?x4xf32> {tfm.updates = "kv_cache"}) {
  %0 = tensor.cast %cache : tensor<2x2x1x3x4xf32> to tensor<2x2x1x?x4xf32>
  return %0 : tensor<2x2x1x?x4xf32>
}

// -----

// ...once...
// expected-error @+1 {{result #1 updates input 'kv_cache' in place, as does another result; an input is updated by one result}}
func.func @forward(%cache: tensor<2x2x1x3x4xf32> {tfm.name = "kv_cache"})
    -> (tensor<2x2x1x3x4xf32> {tfm.updates = "kv_cache"}, tensor<2x2x1x3x4xf32> {tfm.updates = "kv_cache"}) {
  return %cache, %cache : tensor<2x2x1x3x4xf32>, tensor<2x2x1x3x4xf32>
}

// -----

// ...that is f32...
// expected-error @+1 {{result #0 updates input 'counts' in place, but only a required f32 input can be updated in place}}
func.func @forward(%counts: tensor<4xi64> {tfm.name = "counts"})
    -> (tensor<4xi64> {tfm.updates = "counts"}) {
  return %counts : tensor<4xi64>
}

// -----

// ...and required: the runtime would fill an input not given itself.
// expected-error @+1 {{result #0 updates input 'state' in place, but only a required f32 input can be updated in place}}
func.func @forward(%state: tensor<2x4xf32> {tfm.name = "state", tfm.default = "zeros"})
    -> (tensor<2x4xf32> {tfm.updates = "state"}) {
  return %state : tensor<2x4xf32>
}

// -----

// A position offset is checked before the run against the tokens of the
// ids it offsets: they must be an input.
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}, %pos: tensor<i64> {tfm.name = "position"},
                   %wpe: tensor<6x4xf32> {tfm.param = "wpe.weight"}) -> (tensor<?x?x4xf32> {tfm.name = "hidden"}) {
  %first = tfm.position_ids %ids : tensor<?x?xi64>
  // expected-error @+1 {{'tfm.position_ids' op is offset by argument #1, which must offset the positions of one input's ids, so that the runtime can check the positions against the tables before the run}}
  %positions = tfm.position_ids %first offset %pos : tensor<?x?xi64>, tensor<i64>
  %h = tfm.embedding %wpe[%positions] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %h : tensor<?x?x4xf32>
}

// -----

// One input's: positions of two inputs' ids offset by it are refused (the
// diagnostic is on the first of its uses visited, the last in the body).
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}, %other: tensor<?x?xi64> {tfm.name = "other_ids"},
                   %pos: tensor<i64> {tfm.name = "position"},
                   %wpe: tensor<6x4xf32> {tfm.param = "wpe.weight"}) -> (tensor<?x?x4xf32> {tfm.name = "a"}, tensor<?x?x4xf32> {tfm.name = "b"}) {
  // expected-error @+1 {{'tfm.position_ids' op is offset by argument #2, which must offset the positions of one input's ids}}
  %p0 = tfm.position_ids %ids offset %pos : tensor<?x?xi64>, tensor<i64>
  %h0 = tfm.embedding %wpe[%p0] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %p1 = tfm.position_ids %other offset %pos : tensor<?x?xi64>, tensor<i64>
  %h1 = tfm.embedding %wpe[%p1] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %h0, %h1 : tensor<?x?x4xf32>, tensor<?x?x4xf32>
}
