// Imports a tiny 2-layer LLaMA (V=101, D=60, 6 heads of 10 sharing 2
// key/value heads, MLP 92, untied head) and checks the signature, the
// parameters with their LlamaForCausalLM names, layer 0 op by op, layer 1's
// reuse of the shared positions and mask, and the head. The tied variant
// (TIED) reads the head off the token embedding; LlamaModel (MODEL) without
// num_key_value_heads and rope_theta gets LlamaConfig's defaults.

// RUN: tfm-import %S/Inputs/tiny-llama.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-llama.json -o %t.mlir
// RUN: tfm-opt %t.mlir | FileCheck %s
// No biases anywhere, no learned positions.
// RUN: tfm-import %S/Inputs/tiny-llama.json | FileCheck %s --check-prefix=NOBIAS
// NOBIAS-LABEL: func.func @forward(
// NOBIAS-NOT: bias
// NOBIAS-NOT: position_embedding
// NOBIAS: return
// RUN: tfm-import %S/Inputs/tiny-llama-tied.json | FileCheck %s --check-prefix=TIED
// RUN: tfm-import %S/Inputs/tiny-llama-model.json | FileCheck %s --check-prefix=MODEL
// The importer writes the attention fused already (the split_heads chain
// has no form for fewer key/value heads); the fusions leave it as it is and
// tfm-outline-layers compiles one layer body.
// RUN: tfm-opt %t.mlir --tfm-fuse-masked-softmax --tfm-fuse-attention --tfm-fuse-linear --tfm-outline-layers | FileCheck %s --check-prefix=OUTLINED

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x101xf32> {tfm.name = "logits"})
// CHECK-NEXT: %[[EMB:[^ ]+]] = tfm.param "embed_tokens.weight" : tensor<101x60xf32> aliases ["model.embed_tokens.weight"]
// CHECK-NEXT: %[[LN1:[^ ]+]] = tfm.param "layers.0.input_layernorm.weight" : tensor<60xf32> aliases ["model.layers.0.input_layernorm.weight"]
// CHECK-NEXT: %[[WQ:[^ ]+]] = tfm.param "layers.0.self_attn.q_proj.weight" : tensor<60x60xf32> aliases ["model.layers.0.self_attn.q_proj.weight"]
// Keys and values are num_key_value_heads * head_dim = 20 wide.
// CHECK-NEXT: %[[WK:[^ ]+]] = tfm.param "layers.0.self_attn.k_proj.weight" : tensor<20x60xf32>
// CHECK-NEXT: %[[WV:[^ ]+]] = tfm.param "layers.0.self_attn.v_proj.weight" : tensor<20x60xf32>
// CHECK-NEXT: %[[WO:[^ ]+]] = tfm.param "layers.0.self_attn.o_proj.weight" : tensor<60x60xf32>
// CHECK-NEXT: %[[LN2:[^ ]+]] = tfm.param "layers.0.post_attention_layernorm.weight" : tensor<60xf32>
// CHECK-NEXT: %[[WG:[^ ]+]] = tfm.param "layers.0.mlp.gate_proj.weight" : tensor<92x60xf32>
// CHECK-NEXT: %[[WU:[^ ]+]] = tfm.param "layers.0.mlp.up_proj.weight" : tensor<92x60xf32>
// CHECK-NEXT: %[[WD:[^ ]+]] = tfm.param "layers.0.mlp.down_proj.weight" : tensor<60x92xf32>
// CHECK-NEXT: %[[L1LN1:[^ ]+]] = tfm.param "layers.1.input_layernorm.weight"
// CHECK:      %[[NORM:[^ ]+]] = tfm.param "norm.weight" : tensor<60xf32> aliases ["model.norm.weight"]
// The untied head is beside the `model.` prefix: no alias.
// CHECK-NEXT: %[[HEAD:[^ ]+]] = tfm.param "lm_head.weight" : tensor<101x60xf32>{{$}}

// Shared by the layers: the causal keep-mask and the positions 0..T-1,
// limited to max_position_embeddings (they index no table that would).
// CHECK-NEXT: %[[C1:[^ ]+]] = arith.constant 1 : index
// CHECK-NEXT: %[[T:[^ ]+]] = tensor.dim %[[IDS]], %[[C1]] : tensor<?x?xi64>
// CHECK-NEXT: %[[KEEP:[^ ]+]] = tfm.causal_mask %[[T]] : tensor<?x?xi1>
// CHECK-NEXT: %[[POS:[^ ]+]] = tfm.position_ids %[[IDS]] limit 64 : tensor<?x?xi64>
// No learned positions: the hidden state starts as the token embedding.
// CHECK-NEXT: %[[H0:[^ ]+]] = tfm.embedding %[[EMB]][%[[IDS]]] : tensor<101x60xf32>, tensor<?x?xi64> -> tensor<?x?x60xf32>

// Layer 0, attention: RMSNorm, bias-free projections, the rotary embedding
// of the queries (6 heads) and keys (2 heads) before the heads are split,
// grouped-query attention scaled by 1/sqrt(10).
// CHECK-NEXT: %[[L0:[^ ]+]] = tfm.layer "layers.0" -> tensor<?x?x60xf32> {
// CHECK-NEXT: %[[N:[^ ]+]] = tfm.rms_norm %[[H0]], %[[LN1]] eps 9.9999999999999995E-7 : (tensor<?x?x60xf32>, tensor<60xf32>) -> tensor<?x?x60xf32>
// CHECK-NEXT: %[[Q:[^ ]+]] = tfm.linear %[[N]], %[[WQ]] layout <out_in> : (tensor<?x?x60xf32>, tensor<60x60xf32>) -> tensor<?x?x60xf32>
// CHECK-NEXT: %[[QR:[^ ]+]] = tfm.rotary_embedding %[[Q]], %[[POS]] heads 6 theta 1.000000e+04 : (tensor<?x?x60xf32>, tensor<?x?xi64>) -> tensor<?x?x60xf32>
// CHECK-NEXT: %[[K:[^ ]+]] = tfm.linear %[[N]], %[[WK]] layout <out_in> : (tensor<?x?x60xf32>, tensor<20x60xf32>) -> tensor<?x?x20xf32>
// CHECK-NEXT: %[[KR:[^ ]+]] = tfm.rotary_embedding %[[K]], %[[POS]] heads 2 theta 1.000000e+04 : (tensor<?x?x20xf32>, tensor<?x?xi64>) -> tensor<?x?x20xf32>
// CHECK-NEXT: %[[V:[^ ]+]] = tfm.linear %[[N]], %[[WV]] layout <out_in> : (tensor<?x?x60xf32>, tensor<20x60xf32>) -> tensor<?x?x20xf32>
// 1/sqrt(10):
// CHECK-NEXT: %[[CTX:[^ ]+]] = tfm.attention %[[QR]], %[[KR]], %[[V]] mask %[[KEEP]] heads 6 scale 0.31622776601683794 : (tensor<?x?x60xf32>, tensor<?x?x20xf32>, tensor<?x?x20xf32>, tensor<?x?xi1>) -> tensor<?x?x60xf32>
// CHECK-NEXT: %[[O:[^ ]+]] = tfm.linear %[[CTX]], %[[WO]] layout <out_in>
// CHECK-NEXT: %[[H1:[^ ]+]] = tfm.add %[[H0]], %[[O]]

// Layer 0, SwiGLU MLP: down(silu(gate(x)) * up(x)).
// CHECK-NEXT: %[[N2:[^ ]+]] = tfm.rms_norm %[[H1]], %[[LN2]] eps 9.9999999999999995E-7
// CHECK-NEXT: %[[G:[^ ]+]] = tfm.linear %[[N2]], %[[WG]] layout <out_in> : (tensor<?x?x60xf32>, tensor<92x60xf32>) -> tensor<?x?x92xf32>
// CHECK-NEXT: %[[U:[^ ]+]] = tfm.linear %[[N2]], %[[WU]] layout <out_in> : (tensor<?x?x60xf32>, tensor<92x60xf32>) -> tensor<?x?x92xf32>
// CHECK-NEXT: %[[Y:[^ ]+]] = tfm.gated_activation %[[G]], %[[U]] activation <silu> : tensor<?x?x92xf32>
// CHECK-NEXT: %[[F:[^ ]+]] = tfm.linear %[[Y]], %[[WD]] layout <out_in> : (tensor<?x?x92xf32>, tensor<60x92xf32>) -> tensor<?x?x60xf32>
// CHECK-NEXT: %[[H2:[^ ]+]] = tfm.add %[[H1]], %[[F]]
// CHECK-NEXT: tfm.yield %[[H2]] : tensor<?x?x60xf32>
// CHECK-NEXT: }

// Layer 1 starts from layer 0's output and reuses the shared positions and
// mask: it makes none of its own.
// CHECK-NEXT: %[[L1:[^ ]+]] = tfm.layer "layers.1" -> tensor<?x?x60xf32> {
// CHECK-NEXT: tfm.rms_norm %[[L0]], %[[L1LN1]]
// CHECK-NOT:  tfm.position_ids
// CHECK-NOT:  tfm.causal_mask
// CHECK:      tfm.rotary_embedding %{{[^,]+}}, %[[POS]] heads 6
// CHECK-NOT:  tfm.position_ids
// CHECK-NOT:  tfm.causal_mask
// CHECK:      tfm.attention {{.*}} mask %[[KEEP]] heads 6
// CHECK:      tfm.yield

// The final RMSNorm and the untied LM head.
// CHECK:      %[[LAST:[^ ]+]] = tfm.rms_norm %[[L1]], %[[NORM]] eps 9.9999999999999995E-7
// CHECK-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[LAST]], %[[HEAD]] layout <out_in> : (tensor<?x?x60xf32>, tensor<101x60xf32>) -> tensor<?x?x101xf32>
// CHECK-NEXT: return %[[LOGITS]] : tensor<?x?x101xf32>

// Tied: no lm_head.weight; the head is the token embedding. rope_theta and
// rms_norm_eps are the config's; its rope_scaling of rope_type "default"
// (no scaling) and head_dim equal to hidden_size / num_attention_heads are
// accepted.
// TIED-LABEL: func.func @forward(
// TIED:       %[[EMB:[^ ]+]] = tfm.param "embed_tokens.weight" : tensor<101x60xf32>
// TIED:       %[[NORM:[^ ]+]] = tfm.param "norm.weight"
// TIED-NOT:   lm_head
// TIED:       tfm.rms_norm {{.*}} eps 1.000000e-05
// TIED-NEXT:  tfm.linear
// TIED-NEXT:  tfm.rotary_embedding {{.*}} heads 6 theta 5.000000e+05
// TIED:       %[[LAST:[^ ]+]] = tfm.rms_norm %{{[^,]+}}, %[[NORM]]
// TIED-NEXT:  %[[LOGITS:[^ ]+]] = tfm.linear %[[LAST]], %[[EMB]] layout <out_in> : (tensor<?x?x60xf32>, tensor<101x60xf32>) -> tensor<?x?x101xf32>
// TIED-NEXT:  return %[[LOGITS]]

// LlamaModel: the last hidden state, no head; as many key/value heads as
// query heads (60-wide keys) and rope_theta 10000 by default.
// MODEL-LABEL: func.func @forward(
// MODEL-SAME: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x60xf32> {tfm.name = "last_hidden_state"})
// MODEL-NOT:  lm_head
// MODEL:      tfm.param "layers.0.self_attn.k_proj.weight" : tensor<60x60xf32>
// MODEL:      %[[NORM:[^ ]+]] = tfm.param "norm.weight"
// MODEL:      tfm.rotary_embedding {{.*}} heads 6 theta 1.000000e+04 : (tensor<?x?x60xf32>
// MODEL:      tfm.attention {{.*}} heads 6 scale 0.31622776601683794 : (tensor<?x?x60xf32>, tensor<?x?x60xf32>, tensor<?x?x60xf32>, tensor<?x?xi1>)
// MODEL:      %[[LAST:[^ ]+]] = tfm.rms_norm %{{[^,]+}}, %[[NORM]]
// MODEL-NEXT: return %[[LAST]] : tensor<?x?x60xf32>
// MODEL-NOT:  tfm.linear

// Both layers' bodies are one function, called twice.
// OUTLINED-COUNT-1: func.func private
// OUTLINED-NOT:     func.func private
// OUTLINED-LABEL:   func.func @forward(
// OUTLINED-COUNT-2: call @layer(
// OUTLINED-NOT:     call
