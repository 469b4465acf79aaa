// tfm-import --kv-cache on the tiny 2-layer GPT-2 (V=97, P=32, D=36, 3
// heads): one @forward for prefill and decode. It takes the new tokens, the
// position they start at and the KV cache [layers, 2, B, M, D], which it
// updates in place (the result marked tfm.updates), and each layer appends
// its keys and values and attends over the cache's first position + T rows.

// RUN: tfm-import --kv-cache %S/Inputs/tiny-gpt2.json | FileCheck %s
// RUN: tfm-import --kv-cache %S/Inputs/tiny-gpt2.json | tfm-opt --verify-diagnostics | FileCheck %s
// Without --kv-cache, none of it.
// RUN: tfm-import %S/Inputs/tiny-gpt2.json | FileCheck %s --check-prefix=PLAIN

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"},
// CHECK-SAME: %[[POS:[^:]+]]: tensor<i64> {tfm.name = "position"},
// CHECK-SAME: %[[CACHE:[^:]+]]: tensor<2x2x?x?x36xf32> {tfm.name = "kv_cache"})
// CHECK-SAME: -> (tensor<?x?x97xf32> {tfm.name = "logits"}, tensor<2x2x?x?x36xf32> {tfm.updates = "kv_cache"})
// CHECK:      %[[WTE:[^ ]+]] = tfm.param "wte.weight"
// CHECK:      %[[WPE:[^ ]+]] = tfm.param "wpe.weight"
// The causal mask is each layer's, read off its cached keys: none is shared.
// CHECK-NOT:  tfm.causal_mask
// CHECK:      %[[B:[^ ]+]] = tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK:      %[[T:[^ ]+]] = tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK-NOT:  tfm.causal_mask
// CHECK:      %[[TOK:[^ ]+]] = tfm.embedding %[[WTE]][%[[IDS]]]
// The positions start at the cache's.
// CHECK-NEXT: %[[P:[^ ]+]] = tfm.position_ids %[[IDS]] offset %[[POS]] : tensor<?x?xi64>, tensor<i64>
// CHECK-NEXT: %[[PE:[^ ]+]] = tfm.embedding %[[WPE]][%[[P]]]
// CHECK-NEXT: %[[H0:[^ ]+]] = tfm.add %[[TOK]], %[[PE]]

// Layer 0 carries the hidden state and the cache; its number is a constant
// made outside the layer.
// CHECK-NEXT: %[[L0:[^ ]+]] = arith.constant 0 : index
// CHECK-NEXT: %[[R0:[^ ]+]]:2 = tfm.layer "h.0" -> tensor<?x?x36xf32>, tensor<2x2x?x?x36xf32> {
// CHECK:        %[[QKV:[^ ]+]] = tfm.linear
// CHECK-NEXT:   %[[Q:[^ ]+]] = tensor.extract_slice %[[QKV]][0, 0, 0]
// CHECK-NEXT:   %[[K:[^ ]+]] = tensor.extract_slice %[[QKV]][0, 0, 36]
// CHECK-NEXT:   %[[V:[^ ]+]] = tensor.extract_slice %[[QKV]][0, 0, 72]
// CHECK-NEXT:   %[[U0:[^ ,]+]], %[[KEYS:[^ ,]+]], %[[VALUES:[^ ,]+]] = tfm.kv_cache_append %[[CACHE]][%[[L0]]], %[[K]], %[[V]] at %[[POS]] : tensor<2x2x?x?x36xf32>, tensor<?x?x36xf32>, tensor<?x?x36xf32>, tensor<i64> -> tensor<2x2x?x?x36xf32>, tensor<?x?x36xf32>, tensor<?x?x36xf32>
// The mask is [T, position + T], bottom-right aligned.
// CHECK-NEXT:   %[[ONE:[^ ]+]] = arith.constant 1 : index
// CHECK-NEXT:   %[[S:[^ ]+]] = tensor.dim %[[KEYS]], %[[ONE]] : tensor<?x?x36xf32>
// CHECK-NEXT:   %[[KEEP:[^ ]+]] = tfm.causal_mask %[[T]] keys %[[S]] : tensor<?x?xi1>
// The attention reads the appended keys and values, not the new tokens'.
// CHECK-NEXT:   %[[QH:[^ ]+]] = tfm.split_heads %[[Q]] heads 3
// CHECK-NEXT:   %[[KH:[^ ]+]] = tfm.split_heads %[[KEYS]] heads 3
// CHECK-NEXT:   %[[VH:[^ ]+]] = tfm.split_heads %[[VALUES]] heads 3
// CHECK-NEXT:   %[[SCORES:[^ ]+]] = tfm.matmul %[[QH]], %[[KH]] transpose_rhs
// CHECK-NEXT:   %[[SCALED:[^ ]+]] = tfm.scale %[[SCORES]]
// CHECK-NEXT:   tfm.select %[[KEEP]], %[[SCALED]]
// CHECK:        tfm.matmul %{{.*}}, %[[VH]]
// CHECK:        tfm.mlp
// CHECK-NEXT:   %[[OUT0:[^ ]+]] = tfm.add
// CHECK-NEXT:   tfm.yield %[[OUT0]], %[[U0]] : tensor<?x?x36xf32>, tensor<2x2x?x?x36xf32>
// CHECK-NEXT: }

// Layer 1 appends to the cache layer 0 yields, as layer 1.
// CHECK-NEXT: %[[L1:[^ ]+]] = arith.constant 1 : index
// CHECK-NEXT: %[[R1:[^ ]+]]:2 = tfm.layer "h.1" -> tensor<?x?x36xf32>, tensor<2x2x?x?x36xf32> {
// CHECK:        tfm.layer_norm %[[R0]]#0
// CHECK:        %[[U1:[^ ,]+]], %[[KEYS1:[^ ,]+]], %{{[^ ,]+}} = tfm.kv_cache_append %[[R0]]#1[%[[L1]]], %{{.*}}, %{{.*}} at %[[POS]]
// CHECK:        %[[S1:[^ ]+]] = tensor.dim %[[KEYS1]], %{{.*}}
// CHECK-NEXT:   tfm.causal_mask %[[T]] keys %[[S1]] : tensor<?x?xi1>
// CHECK:        tfm.mlp
// CHECK-NEXT:   %[[OUT1:[^ ]+]] = tfm.add
// CHECK-NEXT:   tfm.yield %[[OUT1]], %[[U1]] : tensor<?x?x36xf32>, tensor<2x2x?x?x36xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[LNF:[^ ]+]] = tfm.layer_norm %[[R1]]#0
// CHECK-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[LNF]], %[[WTE]] layout <out_in>
// CHECK-NEXT: return %[[LOGITS]], %[[R1]]#1 : tensor<?x?x97xf32>, tensor<2x2x?x?x36xf32>

// PLAIN-LABEL: func.func @forward(
// PLAIN-SAME: %{{[^:]+}}: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x97xf32> {tfm.name = "logits"})
// PLAIN-NOT:  tfm.kv_cache_append
// PLAIN-NOT:  offset
// PLAIN-NOT:  keys
// PLAIN-NOT:  tfm.updates
