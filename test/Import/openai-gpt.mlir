// Imports a tiny 2-layer openai-gpt config (the shapes of make_reference.py's
// tiny openai-gpt: V=89, P=20, D=30, 3 heads of 10) and checks the
// signature, the post-LN block op by op (layer norm after each residual
// add), the absence of a final layer norm, and the LM head tied to
// tokens_embed. Its attention is GPT-2's, which tfm-fuse-masked-softmax
// fuses (FUSED). OpenAIGPTModel returns the last hidden state (MODEL).

// RUN: tfm-import %S/Inputs/tiny-openai-gpt.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-openai-gpt.json | tfm-opt --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=FUSED
// RUN: tfm-import %S/Inputs/tiny-openai-gpt-model.json | FileCheck %s --check-prefix=MODEL
// RUN: tfm-import %S/Inputs/tiny-openai-gpt.json -o %t.mlir
// RUN: tfm-opt %t.mlir | FileCheck %s

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x89xf32> {tfm.name = "logits"})
// CHECK-NEXT: %[[WTE:[^ ]+]] = tfm.param "tokens_embed.weight" : tensor<89x30xf32> aliases ["transformer.tokens_embed.weight"]
// CHECK-NEXT: %[[WPE:[^ ]+]] = tfm.param "positions_embed.weight" : tensor<20x30xf32> aliases ["transformer.positions_embed.weight"]
// CHECK-NEXT: %[[ATTW:[^ ]+]] = tfm.param "h.0.attn.c_attn.weight" : tensor<30x90xf32>
// CHECK-NEXT: %[[ATTB:[^ ]+]] = tfm.param "h.0.attn.c_attn.bias" : tensor<90xf32>
// CHECK-NEXT: %[[PRJW:[^ ]+]] = tfm.param "h.0.attn.c_proj.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[PRJB:[^ ]+]] = tfm.param "h.0.attn.c_proj.bias" : tensor<30xf32>
// CHECK-NEXT: %[[LN1W:[^ ]+]] = tfm.param "h.0.ln_1.weight" : tensor<30xf32>
// CHECK-NEXT: %[[LN1B:[^ ]+]] = tfm.param "h.0.ln_1.bias" : tensor<30xf32>
// CHECK-NEXT: %[[FCW:[^ ]+]] = tfm.param "h.0.mlp.c_fc.weight" : tensor<30x120xf32>
// CHECK-NEXT: %[[FCB:[^ ]+]] = tfm.param "h.0.mlp.c_fc.bias" : tensor<120xf32>
// CHECK-NEXT: %[[MPW:[^ ]+]] = tfm.param "h.0.mlp.c_proj.weight" : tensor<120x30xf32>
// CHECK-NEXT: %[[MPB:[^ ]+]] = tfm.param "h.0.mlp.c_proj.bias" : tensor<30xf32>
// CHECK-NEXT: %[[LN2W:[^ ]+]] = tfm.param "h.0.ln_2.weight" : tensor<30xf32>
// CHECK-NEXT: %[[LN2B:[^ ]+]] = tfm.param "h.0.ln_2.bias" : tensor<30xf32>
// CHECK:      tfm.param "h.1.ln_2.bias" : tensor<30xf32>
// CHECK-NOT:  tfm.param
// CHECK:      %[[KEEP:[^ ]+]] = tfm.causal_mask
// CHECK-NEXT: %[[FILL:[^ ]+]] = arith.constant dense<-3.40282347E+38> : tensor<f32>
// CHECK-NEXT: %[[TOK:[^ ]+]] = tfm.embedding %[[WTE]][%[[IDS]]]
// CHECK-NEXT: %[[POS:[^ ]+]] = tfm.position_ids %[[IDS]] : tensor<?x?xi64>
// CHECK-NEXT: %[[PE:[^ ]+]] = tfm.embedding %[[WPE]][%[[POS]]]
// CHECK-NEXT: %[[H0:[^ ]+]] = tfm.add %[[TOK]], %[[PE]]

// Layer 0: no layer norm before the attention; the fused qkv projection.
// CHECK-NEXT: %[[L0:[^ ]+]] = tfm.layer "h.0" -> tensor<?x?x30xf32> {
// CHECK-NEXT: %[[QKV:[^ ]+]] = tfm.linear %[[H0]], %[[ATTW]], %[[ATTB]] layout <in_out>
// CHECK:      %[[SC:[^ ]+]] = tfm.scale %{{.+}} by 0.31622776601683794 : tensor<?x3x?x?xf32>
// CHECK-NEXT: %{{.+}} = tfm.select %[[KEEP]], %[[SC]], %[[FILL]]
// CHECK-NEXT: tfm.softmax
// CHECK-NEXT: tfm.matmul
// CHECK-NEXT: %[[CTX:[^ ]+]] = tfm.merge_heads
// CHECK-NEXT: %[[O:[^ ]+]] = tfm.linear %[[CTX]], %[[PRJW]], %[[PRJB]] layout <in_out>
// Post-LN: n = ln_1(x + a); h = ln_2(n + mlp(n)).
// CHECK-NEXT: %[[R1:[^ ]+]] = tfm.add %[[H0]], %[[O]]
// CHECK-NEXT: %[[N:[^ ]+]] = tfm.layer_norm %[[R1]], %[[LN1W]], %[[LN1B]] eps 1.000000e-05
// CHECK-NEXT: %[[F:[^ ]+]] = tfm.mlp %[[N]], %[[FCW]], %[[FCB]], %[[MPW]], %[[MPB]] layout <in_out> approximate <tanh>
// CHECK-NEXT: %[[R2:[^ ]+]] = tfm.add %[[N]], %[[F]]
// CHECK-NEXT: %[[H1:[^ ]+]] = tfm.layer_norm %[[R2]], %[[LN2W]], %[[LN2B]] eps 1.000000e-05
// CHECK-NEXT: tfm.yield %[[H1]] : tensor<?x?x30xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[L1:[^ ]+]] = tfm.layer "h.1" -> tensor<?x?x30xf32> {
// CHECK:      tfm.yield
// CHECK-NEXT: }
// No final layer norm: the tied LM head reads the last layer's output.
// CHECK-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[L1]], %[[WTE]] layout <out_in> : (tensor<?x?x30xf32>, tensor<89x30xf32>) -> tensor<?x?x89xf32>
// CHECK-NEXT: return %[[LOGITS]] : tensor<?x?x89xf32>

// FUSED-LABEL: func.func @forward
// FUSED: %[[KEEP:[^ ]+]] = tfm.causal_mask
// FUSED-NOT: tfm.softmax
// FUSED-COUNT-2: tfm.masked_softmax %{{.+}}, %[[KEEP]] scale 0.31622776601683794 : (tensor<?x3x?x?xf32>, tensor<?x?xi1>) -> tensor<?x3x?x?xf32>
// FUSED-NOT: tfm.softmax
// FUSED-NOT: tfm.select

// MODEL-LABEL: func.func @forward(%{{[^:]+}}: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x30xf32> {tfm.name = "last_hidden_state"})
// MODEL: %[[H:[^ ]+]] = tfm.layer "h.0"
// MODEL: tfm.mlp
// MODEL-NEXT: tfm.add
// MODEL-NEXT: tfm.layer_norm {{.*}} eps 9.9999999999999995E-7
// MODEL-NEXT: tfm.yield
// MODEL-NEXT: }
// MODEL-NEXT: return %[[H]] : tensor<?x?x30xf32>

// Variants the importer does not build are errors naming the field.
// RUN: not tfm-import %S/Inputs/bad-openai-gpt-afn.json 2>&1 | FileCheck %s --check-prefix=AFN
// AFN: bad-openai-gpt-afn.json: error: unsupported afn "relu" (only "gelu" is supported, which openai-gpt computes with the tanh approximation)
// RUN: not tfm-import %S/Inputs/bad-openai-gpt-no-afn.json 2>&1 | FileCheck %s --check-prefix=NO-AFN
// NO-AFN: bad-openai-gpt-no-afn.json: error: missing required field "afn" (needed for model_type "openai-gpt")
// RUN: not tfm-import %S/Inputs/bad-openai-gpt-untied.json 2>&1 | FileCheck %s --check-prefix=UNTIED
// UNTIED: bad-openai-gpt-untied.json: error: unsupported tie_word_embeddings = false (only true is supported)
// RUN: not tfm-import %S/Inputs/bad-openai-gpt-architecture.json 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: bad-openai-gpt-architecture.json: error: unsupported architectures entry "OpenAIGPTDoubleHeadsModel" for model_type "openai-gpt" (supported: OpenAIGPTLMHeadModel, OpenAIGPTModel)
// RUN: not tfm-import %S/Inputs/bad-openai-gpt-heads.json 2>&1 | FileCheck %s --check-prefix=HEADS
// HEADS: bad-openai-gpt-heads.json: error: n_head (4) does not divide n_embd (30)
// RUN: not tfm-import --kv-cache %S/Inputs/tiny-openai-gpt.json 2>&1 | FileCheck %s --check-prefix=KV
// KV: tiny-openai-gpt.json: error: a KV cache is for GPT-2 (GPT2LMHeadModel) and LLaMA (LlamaForCausalLM), not model_type "openai-gpt"
