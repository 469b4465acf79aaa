// tfm-import --kv-cache on the tiny 2-layer LLaMA (V=101, D=60, 6 heads of
// 10 sharing 2 key/value heads): GPT-2's one @forward for prefill and
// decode. The cache is [layers, 2, B, M, 20]: num_key_value_heads *
// head_dim wide, not the hidden size. Each layer appends its keys after
// the rotary embedding (as Hugging Face's cache holds them) and its values,
// and attends over the cache's first position + T rows; the rotary
// positions start at the cache's position.

// RUN: tfm-import --kv-cache %S/Inputs/tiny-llama.json | FileCheck %s
// RUN: tfm-import --kv-cache %S/Inputs/tiny-llama.json | tfm-opt --verify-diagnostics | FileCheck %s
// The bodies stay identical (the layer number is an operand made outside):
// one outlined function serves both layers.
// RUN: tfm-import --kv-cache %S/Inputs/tiny-llama.json | tfm-opt --tfm-outline-layers | FileCheck %s --check-prefix=OUTLINED
// Without --kv-cache, none of it.
// RUN: tfm-import %S/Inputs/tiny-llama.json | FileCheck %s --check-prefix=PLAIN
// The tied head works with a cache too.
// RUN: tfm-import --kv-cache %S/Inputs/tiny-llama-tied.json | FileCheck %s --check-prefix=TIED

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"},
// CHECK-SAME: %[[POS:[^:]+]]: tensor<i64> {tfm.name = "position"},
// CHECK-SAME: %[[CACHE:[^:]+]]: tensor<2x2x?x?x20xf32> {tfm.name = "kv_cache"})
// CHECK-SAME: -> (tensor<?x?x101xf32> {tfm.name = "logits"}, tensor<2x2x?x?x20xf32> {tfm.updates = "kv_cache"})
// CHECK:      %[[HEAD:[^ ]+]] = tfm.param "lm_head.weight"
// The causal mask is each layer's, read off its cached keys: none is shared.
// CHECK-NOT:  tfm.causal_mask
// CHECK:      %[[T:[^ ]+]] = tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK-NOT:  tfm.causal_mask
// The rotary positions start at the cache's; position + T is limited to
// max_position_embeddings.
// CHECK:      %[[P:[^ ]+]] = tfm.position_ids %[[IDS]] offset %[[POS]] limit 64 : tensor<?x?xi64>, tensor<i64>
// CHECK-NEXT: %[[H0:[^ ]+]] = tfm.embedding

// Layer 0 carries the hidden state and the cache; its number is a constant
// made outside the layer.
// CHECK-NEXT: %[[L0:[^ ]+]] = arith.constant 0 : index
// CHECK-NEXT: %[[R0:[^ ]+]]:2 = tfm.layer "layers.0" -> tensor<?x?x60xf32>, tensor<2x2x?x?x20xf32> {
// CHECK-NEXT:   tfm.rms_norm %[[H0]]
// CHECK-NEXT:   tfm.linear
// CHECK-NEXT:   %[[QR:[^ ]+]] = tfm.rotary_embedding %{{[^,]+}}, %[[P]] heads 6
// CHECK-NEXT:   tfm.linear
// CHECK-NEXT:   %[[KR:[^ ]+]] = tfm.rotary_embedding %{{[^,]+}}, %[[P]] heads 2 theta 1.000000e+04 : (tensor<?x?x20xf32>, tensor<?x?xi64>) -> tensor<?x?x20xf32>
// CHECK-NEXT:   %[[V:[^ ]+]] = tfm.linear {{.*}} -> tensor<?x?x20xf32>
// The rotated keys and the values go into the cache.
// CHECK-NEXT:   %[[U0:[^ ,]+]], %[[KEYS:[^ ,]+]], %[[VALUES:[^ ,]+]] = tfm.kv_cache_append %[[CACHE]][%[[L0]]], %[[KR]], %[[V]] at %[[POS]] : tensor<2x2x?x?x20xf32>, tensor<?x?x20xf32>, tensor<?x?x20xf32>, tensor<i64> -> tensor<2x2x?x?x20xf32>, tensor<?x?x20xf32>, tensor<?x?x20xf32>
// The mask is [T, position + T], bottom-right aligned.
// CHECK-NEXT:   %[[ONE:[^ ]+]] = arith.constant 1 : index
// CHECK-NEXT:   %[[S:[^ ]+]] = tensor.dim %[[KEYS]], %[[ONE]] : tensor<?x?x20xf32>
// CHECK-NEXT:   %[[KEEP:[^ ]+]] = tfm.causal_mask %[[T]] keys %[[S]] : tensor<?x?xi1>
// The attention reads the appended keys and values, not the new tokens'.
// CHECK-NEXT:   tfm.attention %[[QR]], %[[KEYS]], %[[VALUES]] mask %[[KEEP]] heads 6 scale 0.31622776601683794 : (tensor<?x?x60xf32>, tensor<?x?x20xf32>, tensor<?x?x20xf32>, tensor<?x?xi1>) -> tensor<?x?x60xf32>
// CHECK:        tfm.gated_activation
// CHECK-NEXT:   tfm.linear
// CHECK-NEXT:   %[[OUT0:[^ ]+]] = tfm.add
// CHECK-NEXT:   tfm.yield %[[OUT0]], %[[U0]] : tensor<?x?x60xf32>, tensor<2x2x?x?x20xf32>
// CHECK-NEXT: }

// Layer 1 appends to the cache layer 0 yields, as layer 1.
// CHECK-NEXT: %[[L1:[^ ]+]] = arith.constant 1 : index
// CHECK-NEXT: %[[R1:[^ ]+]]:2 = tfm.layer "layers.1" -> tensor<?x?x60xf32>, tensor<2x2x?x?x20xf32> {
// CHECK-NEXT:   tfm.rms_norm %[[R0]]#0
// CHECK:        %[[U1:[^ ,]+]], %[[KEYS1:[^ ,]+]], %{{[^ ,]+}} = tfm.kv_cache_append %[[R0]]#1[%[[L1]]], %{{.*}}, %{{.*}} at %[[POS]]
// CHECK:        %[[S1:[^ ]+]] = tensor.dim %[[KEYS1]], %{{.*}}
// CHECK-NEXT:   tfm.causal_mask %[[T]] keys %[[S1]] : tensor<?x?xi1>
// CHECK:        tfm.gated_activation
// CHECK-NEXT:   tfm.linear
// CHECK-NEXT:   %[[OUT1:[^ ]+]] = tfm.add
// CHECK-NEXT:   tfm.yield %[[OUT1]], %[[U1]] : tensor<?x?x60xf32>, tensor<2x2x?x?x20xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[LAST:[^ ]+]] = tfm.rms_norm %[[R1]]#0
// CHECK-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[LAST]], %[[HEAD]] layout <out_in>
// CHECK-NEXT: return %[[LOGITS]], %[[R1]]#1 : tensor<?x?x101xf32>, tensor<2x2x?x?x20xf32>

// OUTLINED-COUNT-1: func.func private
// OUTLINED-NOT:     func.func private
// OUTLINED-LABEL:   func.func @forward(
// OUTLINED-COUNT-2: call @layer(
// OUTLINED-NOT:     call

// PLAIN-LABEL: func.func @forward(
// PLAIN-SAME: %{{[^:]+}}: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x101xf32> {tfm.name = "logits"})
// PLAIN-NOT:  tfm.kv_cache_append
// PLAIN-NOT:  offset
// PLAIN-NOT:  keys
// PLAIN-NOT:  tfm.updates

// TIED-LABEL: func.func @forward(
// TIED-SAME:  tensor<2x2x?x?x20xf32> {tfm.name = "kv_cache"})
// TIED:       %[[EMB:[^ ]+]] = tfm.param "embed_tokens.weight"
// TIED-NOT:   lm_head
// TIED:       tfm.kv_cache_append
// TIED:       %[[LOGITS:[^ ]+]] = tfm.linear %{{[^,]+}}, %[[EMB]] layout <out_in>
// TIED-NEXT:  return %[[LOGITS]], %{{[^ ]+}}#1 : tensor<?x?x101xf32>, tensor<2x2x?x?x20xf32>
