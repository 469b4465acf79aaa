// tfm-import's limits (tfm/Support/Limits.h, docs/user-guide.md "Limits"):
// each is accepted at the limit and refused one past it with an error naming
// the field. The file-size limit is tested in io-errors.mlir.

// RUN: rm -rf %t && split-file %s %t

// Sizes: at most 2^31-1. A model at the limit imports and compiles (its
// weights could never be bound, but nothing overflows on the way).
// RUN: tfm-import %t/size-at-limit.json -o %t/size-at-limit.mlir
// RUN: FileCheck %s --check-prefix=SIZE-AT-LIMIT < %t/size-at-limit.mlir
// SIZE-AT-LIMIT: tfm.param "wte.weight" : tensor<2147483647x2147483647xf32>
// SIZE-AT-LIMIT: tfm.param "wpe.weight" : tensor<2147483647x2147483647xf32>
// RUN: tfm-compile %t/size-at-limit.mlir --emit=obj -o %t/size-at-limit.o
// RUN: not tfm-import %t/size-past-limit.json 2>&1 | FileCheck %s --check-prefix=SIZE-PAST-LIMIT
// SIZE-PAST-LIMIT: size-past-limit.json: error: field "vocab_size" is too large: 2147483648 (at most 2147483647)

// Layers: at most 1024.
// RUN: tfm-import %t/layers-at-limit.json -o %t/layers-at-limit.mlir
// RUN: FileCheck %s --check-prefix=LAYERS-AT-LIMIT < %t/layers-at-limit.mlir
// LAYERS-AT-LIMIT: tfm.param "h.1023.mlp.c_proj.bias"
// LAYERS-AT-LIMIT-NOT: "h.1024.
// RUN: not tfm-import %t/layers-past-limit.json 2>&1 | FileCheck %s --check-prefix=LAYERS-PAST-LIMIT
// LAYERS-PAST-LIMIT: layers-past-limit.json: error: field "n_layer" is too large: 1025 (at most 1024)

// JSON nesting: at most 512 levels, the config object being the first
// (past the limit: Inputs/bad-deep-nesting.json in errors.mlir).
// RUN: %python %t/nest.py 511 < %S/Inputs/tiny-gpt2.json > %t/nesting-at-limit.json
// RUN: tfm-import %t/nesting-at-limit.json | FileCheck %s --check-prefix=NESTING-AT-LIMIT
// NESTING-AT-LIMIT: func.func @forward(
// RUN: %python %t/nest.py 512 < %S/Inputs/tiny-gpt2.json > %t/nesting-past-limit.json
// RUN: not tfm-import %t/nesting-past-limit.json 2>&1 | FileCheck %s --check-prefix=NESTING-PAST-LIMIT
// NESTING-PAST-LIMIT: nesting-past-limit.json: error: invalid JSON: {{.*}}: nested deeper than 512 levels

//--- nest.py
# Adds an unknown field holding N nested arrays to the config on stdin.
import json, sys
config = json.load(sys.stdin)
depth = int(sys.argv[1])
text = json.dumps(config)
sys.stdout.write(text[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}\n")

//--- size-at-limit.json
{"model_type": "gpt2", "activation_function": "gelu_new", "layer_norm_epsilon": 1e-05,
 "vocab_size": 2147483647, "n_positions": 2147483647, "n_embd": 2147483647,
 "n_layer": 1, "n_head": 1, "n_inner": null}

//--- size-past-limit.json
{"model_type": "gpt2", "activation_function": "gelu_new", "layer_norm_epsilon": 1e-05,
 "vocab_size": 2147483648, "n_positions": 32, "n_embd": 36,
 "n_layer": 1, "n_head": 3, "n_inner": null}

//--- layers-at-limit.json
{"model_type": "gpt2", "activation_function": "gelu_new", "layer_norm_epsilon": 1e-05,
 "vocab_size": 97, "n_positions": 32, "n_embd": 36,
 "n_layer": 1024, "n_head": 3, "n_inner": null}

//--- layers-past-limit.json
{"model_type": "gpt2", "activation_function": "gelu_new", "layer_norm_epsilon": 1e-05,
 "vocab_size": 97, "n_positions": 32, "n_embd": 36,
 "n_layer": 1025, "n_head": 3, "n_inner": null}
