// RUN: tfm-opt %s --split-input-file --verify-diagnostics \
// RUN:   --tfm-emit-model-descriptor="model-name=tiny target-cpu=x86-64-v3 cpu-features=avx,avx2" \
// RUN:   | FileCheck %s

// The whole description: inputs (names, default fill, the id limits of the
// tables they index), outputs, a weight with its marks and aliases, the CPU,
// and the tfm_model struct tfm_compiled_model() returns. @forward keeps its
// arguments, loses its tfm attributes and gains the C interface; each weight
// is marked with its position among the weights (tfm.weight_index), and the
// entry's mark counts the input descriptors and the weights apart.

// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%{{.*}}: tensor<?x?xi64>, %{{.*}}: tensor<?x?xi64>, %{{.*}}: tensor<10x4xf32> {tfm.weight_index = 0 : i64}, %{{.*}}: tensor<6x4xf32> {tfm.weight_index = 1 : i64}) -> tensor<?x?x4xf32>
// CHECK-SAME:    attributes {llvm.emit_c_interface}
// CHECK-LABEL: llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-SAME:    attributes {tfm.model_entry = {context = false, descriptors = 2 : i64, results = true, weights = 2 : i64}}
// CHECK-DAG:   llvm.mlir.global private constant @tfm_model_name("tiny\00")
// CHECK-DAG:   llvm.mlir.global private constant @tfm_target_cpu("x86-64-v3\00")
// CHECK-DAG:   llvm.mlir.global private constant @tfm_cpu_features_0("avx\00")
// CHECK-DAG:   llvm.mlir.global private constant @tfm_cpu_features_1("avx2\00")

// CHECK-LABEL: llvm.mlir.global private constant @tfm_cpu_features() {addr_space = 0 : i32} : !llvm.array<3 x ptr>
// CHECK:         %[[AVX:.*]] = llvm.mlir.addressof @tfm_cpu_features_0
// CHECK:         llvm.insertvalue %[[AVX]], %{{.*}}[0]
// CHECK:         %[[AVX2:.*]] = llvm.mlir.addressof @tfm_cpu_features_1
// CHECK:         llvm.insertvalue %[[AVX2]], %{{.*}}[1]
// CHECK:         %[[END:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.insertvalue %[[END]], %{{.*}}[2]
// CHECK-DAG:   llvm.mlir.global private constant @tfm_inputs_0_name("input_ids\00")
// CHECK-DAG:   llvm.mlir.global private constant @tfm_inputs_1_name("attention_mask\00")
// CHECK-DAG:   llvm.mlir.global private constant @tfm_inputs_1_default("ones\00")

// input_ids: TFM_I64 (1), rank 2, dynamic dims, required, ids below the
// smaller table's 6 rows, at most 6 positions (through tfm.position_ids),
// not updated in place, not a position offset (offsets_input -1).
// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs() {addr_space = 0 : i32}
// CHECK-SAME:    !llvm.array<2 x struct<"tfm_io_info", (ptr, i32, i32, array<8 x i64>, ptr, i64, i64, i32, i32)>>
// CHECK:         %[[NAME:.*]] = llvm.mlir.addressof @tfm_inputs_0_name : !llvm.ptr
// CHECK:         %[[DTYPE:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK:         %[[RANK:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:         %[[SHAPE:.*]] = llvm.mlir.constant(dense<[-1, -1, 0, 0, 0, 0, 0, 0]> : tensor<8xi64>) : !llvm.array<8 x i64>
// CHECK:         %[[REQUIRED:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         %[[LIMIT:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK:         %[[POSITIONS:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK:         %[[UPDATED:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         %[[OFFSETS:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK:         %[[INFO:.*]] = llvm.mlir.undef : !llvm.struct<"tfm_io_info"
// CHECK:         %[[F0:.*]] = llvm.insertvalue %[[NAME]], %[[INFO]][0]
// CHECK:         %[[F1:.*]] = llvm.insertvalue %[[DTYPE]], %[[F0]][1]
// CHECK:         %[[F2:.*]] = llvm.insertvalue %[[RANK]], %[[F1]][2]
// CHECK:         %[[F3:.*]] = llvm.insertvalue %[[SHAPE]], %[[F2]][3]
// CHECK:         %[[F4:.*]] = llvm.insertvalue %[[REQUIRED]], %[[F3]][4]
// CHECK:         %[[F5:.*]] = llvm.insertvalue %[[LIMIT]], %[[F4]][5]
// CHECK:         %[[F6:.*]] = llvm.insertvalue %[[POSITIONS]], %[[F5]][6]
// CHECK:         %[[F7:.*]] = llvm.insertvalue %[[UPDATED]], %[[F6]][7]
// CHECK:         %[[F8:.*]] = llvm.insertvalue %[[OFFSETS]], %[[F7]][8]
// CHECK:         llvm.insertvalue %[[F8]], %{{.*}}[0]
// attention_mask: filled with ones when not given; no id limits.
// CHECK:         %[[FILL:.*]] = llvm.mlir.addressof @tfm_inputs_1_default : !llvm.ptr
// CHECK:         llvm.insertvalue %[[FILL]], %{{.*}}[4]
// CHECK:         llvm.return
// CHECK:       llvm.mlir.global private constant @tfm_outputs_0_name("hidden\00")

// CHECK-LABEL: llvm.mlir.global private constant @tfm_outputs() {addr_space = 0 : i32}
// CHECK-SAME:    !llvm.array<1 x struct<"tfm_io_info"
// CHECK:         llvm.mlir.constant(dense<[-1, -1, 4, 0, 0, 0, 0, 0]> : tensor<8xi64>)
// CHECK:       llvm.mlir.global private constant @tfm_param_0_name("wte.weight\00")
// CHECK:       llvm.mlir.global private constant @tfm_param_0_aliases_0("transformer.wte.weight\00")
// CHECK:       llvm.mlir.global private constant @tfm_param_0_aliases_1("model.wte.weight\00")

// wte.weight: transposed, packed for a linear with flags 0x32 (TFM_PREPACK_LINEAR
// | 0x32 = 306), with two other names. wpe.weight: neither, no aliases.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_param_0_aliases() {addr_space = 0 : i32} : !llvm.array<3 x ptr>
// CHECK:       llvm.mlir.global private constant @tfm_param_1_name("wpe.weight\00")
// CHECK-LABEL: llvm.mlir.global private constant @tfm_params() {addr_space = 0 : i32}
// CHECK-SAME:    !llvm.array<2 x struct<"tfm_param_info", (ptr, i32, array<8 x i64>, i32, i32, ptr)>>
// CHECK:         llvm.mlir.addressof @tfm_param_0_name
// CHECK:         llvm.mlir.constant(dense<[10, 4, 0, 0, 0, 0, 0, 0]> : tensor<8xi64>)
// CHECK:         %[[TRANSPOSED:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK:         %[[PREPACK:.*]] = llvm.mlir.constant(306 : i32) : i32
// CHECK:         %[[ALIASES:.*]] = llvm.mlir.addressof @tfm_param_0_aliases : !llvm.ptr
// CHECK:         llvm.insertvalue %[[TRANSPOSED]], %{{.*}}[3]
// CHECK:         llvm.insertvalue %[[PREPACK]], %{{.*}}[4]
// CHECK:         llvm.insertvalue %[[ALIASES]], %{{.*}}[5]
// CHECK:         llvm.mlir.addressof @tfm_param_1_name
// CHECK:         %[[NOT_TRANSPOSED:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         %[[NO_PREPACK:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         %[[NO_ALIASES:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.insertvalue %[[NOT_TRANSPOSED]], %{{.*}}[3]
// CHECK:         llvm.insertvalue %[[NO_PREPACK]], %{{.*}}[4]
// CHECK:         llvm.insertvalue %[[NO_ALIASES]], %{{.*}}[5]

// CHECK-LABEL: llvm.mlir.global private constant @tfm_model() {addr_space = 0 : i32}
// CHECK-SAME:    !llvm.struct<"tfm_model", (i32, ptr, i32, ptr, i32, ptr, i32, ptr, ptr, ptr, ptr, i32, ptr, i32)>
// CHECK:         %[[ABI:.*]] = llvm.mlir.constant(9 : i32) : i32
// CHECK:         %[[MODEL_NAME:.*]] = llvm.mlir.addressof @tfm_model_name
// CHECK:         %[[NUM_INPUTS:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:         %[[INPUTS:.*]] = llvm.mlir.addressof @tfm_inputs
// CHECK:         %[[NUM_OUTPUTS:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK:         %[[OUTPUTS:.*]] = llvm.mlir.addressof @tfm_outputs
// CHECK:         %[[NUM_PARAMS:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:         %[[PARAMS:.*]] = llvm.mlir.addressof @tfm_params
// CHECK:         %[[ENTRY:.*]] = llvm.mlir.addressof @tfm_model_entry
// CHECK:         %[[CPU:.*]] = llvm.mlir.addressof @tfm_target_cpu
// CHECK:         %[[FEATURES:.*]] = llvm.mlir.addressof @tfm_cpu_features
// CHECK:         %[[NUM_EQUALITIES:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         %[[EQUALITIES:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         %[[PRECISION:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         llvm.insertvalue %[[ABI]], %{{.*}}[0]
// CHECK:         llvm.insertvalue %[[MODEL_NAME]], %{{.*}}[1]
// CHECK:         llvm.insertvalue %[[NUM_INPUTS]], %{{.*}}[2]
// CHECK:         llvm.insertvalue %[[INPUTS]], %{{.*}}[3]
// CHECK:         llvm.insertvalue %[[NUM_OUTPUTS]], %{{.*}}[4]
// CHECK:         llvm.insertvalue %[[OUTPUTS]], %{{.*}}[5]
// CHECK:         llvm.insertvalue %[[NUM_PARAMS]], %{{.*}}[6]
// CHECK:         llvm.insertvalue %[[PARAMS]], %{{.*}}[7]
// CHECK:         llvm.insertvalue %[[ENTRY]], %{{.*}}[8]
// CHECK:         llvm.insertvalue %[[CPU]], %{{.*}}[9]
// CHECK:         llvm.insertvalue %[[FEATURES]], %{{.*}}[10]
// CHECK:         llvm.insertvalue %[[NUM_EQUALITIES]], %{{.*}}[11]
// CHECK:         llvm.insertvalue %[[EQUALITIES]], %{{.*}}[12]
// CHECK:         llvm.insertvalue %[[PRECISION]], %{{.*}}[13]

// tfm_compiled_model runs before libtfmrt checks the CPU: baseline x86-64.
// CHECK-LABEL: llvm.func @tfm_compiled_model() -> !llvm.ptr
// CHECK-SAME:    attributes {target_cpu = "x86-64", target_features = #llvm.target_features<[]>}
// CHECK:         %[[MODEL:.*]] = llvm.mlir.addressof @tfm_model : !llvm.ptr
// CHECK:         llvm.return %[[MODEL]]
// CHECK-NOT:   llvm.func @main
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %mask: tensor<?x?xi64> {tfm.name = "attention_mask", tfm.default = "ones"},
                   %wte: tensor<10x4xf32> {tfm.param = "wte.weight", tfm.transposed, tfm.prepack = 50 : i64,
                                           tfm.aliases = ["transformer.wte.weight", "model.wte.weight"]},
                   %wpe: tensor<6x4xf32> {tfm.param = "wpe.weight"})
    -> (tensor<?x?x4xf32> {tfm.name = "hidden"}) {
  %tokens = tfm.embedding %wte[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %small = tfm.embedding %wpe[%ids] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %positions = tfm.position_ids %ids : tensor<?x?xi64>
  %h = tfm.embedding %wpe[%positions] : tensor<6x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %sum = tfm.add %tokens, %h : (tensor<?x?x4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  %all = tfm.add %sum, %small : (tensor<?x?x4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %all : tensor<?x?x4xf32>
}

// -----

// Positions past padding P (RoBERTa's) reach P + T, so a table of R rows
// holds R - P - 1 tokens: 10 - 2 - 1 = 7 here (the ids themselves go up to
// the table's 10 rows).
// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs()
// CHECK:         %[[LIMIT:.*]] = llvm.mlir.constant(10 : i64) : i64
// CHECK:         %[[POSITIONS:.*]] = llvm.mlir.constant(7 : i64) : i64
// CHECK:         %[[F4:.*]] = llvm.insertvalue %{{.*}}, %{{.*}}[4]
// CHECK:         %[[F5:.*]] = llvm.insertvalue %[[LIMIT]], %[[F4]][5]
// CHECK:         llvm.insertvalue %[[POSITIONS]], %[[F5]][6]
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"},
                   %wte: tensor<10x4xf32> {tfm.param = "word.weight"})
    -> (tensor<?x?x4xf32> {tfm.name = "hidden"}) {
  %tokens = tfm.embedding %wte[%ids] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %positions = tfm.position_ids %ids padding 2 : tensor<?x?xi64>
  %h = tfm.embedding %wte[%positions] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  %sum = tfm.add %tokens, %h : (tensor<?x?x4xf32>, tensor<?x?x4xf32>) -> tensor<?x?x4xf32>
  return %sum : tensor<?x?x4xf32>
}

// -----

// A first argument marked tfmrt.run_context is the run context: the entry
// passes it on and it is not an input, so the inputs are numbered and named
// without it (input0). Unnamed outputs are output<i>. No weights: the table
// pointer is null.

// CHECK-LABEL: func.func @forward
// CHECK-SAME:    (%{{.*}}: !llvm.ptr {tfmrt.run_context}, %{{.*}}: tensor<?x4xf32>)
// CHECK-LABEL: llvm.func @tfm_model_entry(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-SAME:    attributes {tfm.model_entry = {context = true, descriptors = 1 : i64, results = true, weights = 0 : i64}}
// CHECK-DAG:   llvm.mlir.global private constant @tfm_inputs_0_name("input0\00")
// CHECK-DAG:   llvm.mlir.global private constant @tfm_outputs_0_name("output0\00")
// CHECK-NOT:   @tfm_params
// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK:         %[[NO_WEIGHTS:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK:         %[[NO_TABLE:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         llvm.insertvalue %[[NO_WEIGHTS]], %{{.*}}[6]
// CHECK:         llvm.insertvalue %[[NO_TABLE]], %{{.*}}[7]
func.func @forward(%context: !llvm.ptr {tfmrt.run_context}, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

// -----

// The precision is the lowest of the products', read from tfm ops or, after
// tfm-to-dnnl, from the kernels' flags (0x200: int8): TFM_PRECISION_INT8 (2)
// here, though attention is bf16 and another linear f32.

// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK:         llvm.mlir.addressof @tfm_cpu_features
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[INT8:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:         llvm.insertvalue %[[INT8]], %{{.*}}[13]
func.func @forward(%x: tensor<1x4x8xf32> {tfm.name = "x"}, %w: tensor<8x8xf32>, %y: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %a = tfm.attention %x, %x, %x heads 2 scale 5.000000e-01 precision <bf16> : (tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  %b = tfm.linear %a, %w layout <in_out> : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
  %c = tfmrt.linear %b, %w into %y flags 512 : (tensor<1x4x8xf32>, tensor<8x8xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %c : tensor<1x4x8xf32>
}

// -----

// Only bf16 ops: TFM_PRECISION_BF16 (1).

// CHECK-LABEL: llvm.mlir.global private constant @tfm_model()
// CHECK:         llvm.mlir.addressof @tfm_cpu_features
// CHECK-NEXT:    llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[BF16:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK:         llvm.insertvalue %[[BF16]], %{{.*}}[13]
func.func @forward(%x: tensor<1x4x8xf32> {tfm.name = "x"}) -> tensor<1x4x8xf32> {
  %a = tfm.attention %x, %x, %x heads 2 scale 5.000000e-01 precision <bf16> : (tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %a : tensor<1x4x8xf32>
}

// -----

// No results: the entry passes no results' address.

// CHECK-LABEL: llvm.func @tfm_model_entry
// CHECK-SAME:    attributes {tfm.model_entry = {context = false, descriptors = 1 : i64, results = false, weights = 0 : i64}}
func.func @forward(%x: tensor<4xf32> {tfm.name = "x"}) {
  return
}

// -----

// Nothing to describe without @forward.

// expected-error @+1 {{the module has no function @forward to describe}}
module {
  func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

// -----

// expected-error @+1 {{the module has no function @forward to describe}}
module {
  func.func private @forward(tensor<4xf32>) -> tensor<4xf32>
}

// -----

// expected-error @+1 {{the module already has a symbol @tfm_compiled_model, which the model's description defines}}
module {
  func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
  llvm.func @tfm_compiled_model() -> !llvm.ptr
}

// -----

// expected-error @+1 {{argument #0 has unsupported type 'tensor<4xf64>'; expected a tensor of f32, i64 or i32}}
func.func @forward(%x: tensor<4xf64>) -> tensor<4xf32> {
  %0 = tensor.empty() : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{argument #1 is marked tfmrt.run_context; only the first argument may be the run context}}
func.func @forward(%x: tensor<4xf32>, %context: !llvm.ptr {tfmrt.run_context}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// The description records at most TFM_MAX_RANK = 8 dimensions of a tensor.

// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs()
// CHECK:         llvm.mlir.constant(8 : i32) : i32
// CHECK:         llvm.mlir.constant(dense<[1, 1, 1, 1, 1, 1, 2, -1]> : tensor<8xi64>) : !llvm.array<8 x i64>
func.func @forward(%x: tensor<1x1x1x1x1x1x2x?xf32> {tfm.name = "x"}) -> tensor<1x1x1x1x1x1x2x?xf32> {
  return %x : tensor<1x1x1x1x1x1x2x?xf32>
}

// -----

// expected-error @+1 {{argument #0 has type 'tensor<1x1x1x1x1x1x1x2x?xf32>' of rank 9; a model's tensors may have at most 8 dimensions}}
func.func @forward(%x: tensor<1x1x1x1x1x1x1x2x?xf32> {tfm.name = "x"}) -> tensor<2xf32> {
  %0 = tensor.empty() : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// expected-error @+1 {{argument #1 has type 'tensor<1x1x1x1x1x1x1x1x2xf32>' of rank 9; a model's tensors may have at most 8 dimensions}}
func.func @forward(%x: tensor<2xf32> {tfm.name = "x"}, %w: tensor<1x1x1x1x1x1x1x1x2xf32> {tfm.param = "w"}) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{result #0 has type 'tensor<1x1x1x1x1x1x1x2x?xf32>' of rank 9; a model's tensors may have at most 8 dimensions}}
func.func @forward(%x: tensor<2xf32> {tfm.name = "x"}) -> tensor<1x1x1x1x1x1x1x2x?xf32> {
  %0 = tensor.empty() : tensor<2xf32>
  %1 = tensor.expand_shape %0 [[0, 1, 2, 3, 4, 5, 6, 7, 8]] output_shape [1, 1, 1, 1, 1, 1, 1, 2, 1] : tensor<2xf32> into tensor<1x1x1x1x1x1x1x2x1xf32>
  %2 = tensor.cast %1 : tensor<1x1x1x1x1x1x1x2x1xf32> to tensor<1x1x1x1x1x1x1x2x?xf32>
  return %2 : tensor<1x1x1x1x1x1x1x2x?xf32>
}

// -----

// The runtime checks ids against the table only where they are an input or
// tfm.position_ids: ids computed otherwise are refused.

func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}, %wte: tensor<10x4xf32> {tfm.param = "wte.weight"}) -> tensor<?x?x4xf32> {
  %shifted = arith.addi %ids, %ids : tensor<?x?xi64>
  // expected-error @+1 {{'tfm.embedding' op indexes a table of 10 rows with ids computed in the model, which cannot be checked against it before the run; index it with an input of @forward or tfm.position_ids}}
  %0 = tfm.embedding %wte[%shifted] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// tfm.mlm_corrupt passes its input's ids on or replaces them by ids below its
// vocab: the input is checked against the table it reaches through it.
// CHECK-LABEL: llvm.mlir.global private constant @tfm_inputs_0_name("corrupted_ids\00")
// CHECK:         llvm.mlir.global private constant @tfm_inputs()
// CHECK:         llvm.mlir.constant(dense<[-1, -1, 0, 0, 0, 0, 0, 0]> : tensor<8xi64>)
// CHECK:         llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    llvm.mlir.constant(10 : i64) : i64
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "corrupted_ids"}, %wte: tensor<10x4xf32> {tfm.param = "wte.weight"}) -> tensor<?x?x4xf32> {
  %mask = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
  %corrupted = tfm.mlm_corrupt %ids, %mask seed 1 mask_token 3 vocab 10 : (tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<?x?xi64>
  %0 = tfm.embedding %wte[%corrupted] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}, %wte: tensor<10x4xf32> {tfm.param = "wte.weight"}) -> tensor<?x?x4xf32> {
  %mask = tfm.mlm_mask %ids seed 1 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
  %corrupted = tfm.mlm_corrupt %ids, %mask seed 1 mask_token 3 vocab 11 : (tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<?x?xi64>
  // expected-error @+1 {{'tfm.embedding' op indexes a table of 10 rows with ids from tfm.mlm_corrupt, whose random ids go up to vocab 11 - 1}}
  %0 = tfm.embedding %wte[%corrupted] : tensor<10x4xf32>, tensor<?x?xi64> -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}
