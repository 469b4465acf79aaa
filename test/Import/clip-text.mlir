// Imports a tiny 2-layer CLIP text encoder config (make_reference.py's tiny
// clip-text: D=30, 5 heads of 6, MLP 44, 16 positions, 99 ids) and checks the
// signature, the parameters, the shared causal-and-padding mask, one pre-LN
// layer op by op, the final layer norm and the pooled row at each row's
// largest id.

// RUN: tfm-import %S/Inputs/tiny-clip-text.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-clip-text.json | tfm-opt --tfm-fuse-masked-softmax --tfm-fuse-attention --tfm-fuse-linear | FileCheck %s --check-prefix=FUSED
// RUN: tfm-import %S/Inputs/tiny-clip-text-gelu.json | FileCheck %s --check-prefix=GELU
// RUN: tfm-import %S/Inputs/tiny-clip-text-eos.json | FileCheck %s --check-prefix=EOS

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"},
// CHECK-SAME: %[[AM:[^:]+]]: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"})
// CHECK-SAME: -> (tensor<?x?x30xf32> {tfm.name = "last_hidden_state"}, tensor<?x30xf32> {tfm.name = "pooler_output"})
// CHECK-NEXT: %[[TOK:[^ ]+]] = tfm.param "text_model.embeddings.token_embedding.weight" : tensor<99x30xf32>
// CHECK-NEXT: %[[POS:[^ ]+]] = tfm.param "text_model.embeddings.position_embedding.weight" : tensor<16x30xf32>
// CHECK-NEXT: %[[LN1W:[^ ]+]] = tfm.param "text_model.encoder.layers.0.layer_norm1.weight" : tensor<30xf32>
// CHECK-NEXT: %[[LN1B:[^ ]+]] = tfm.param "text_model.encoder.layers.0.layer_norm1.bias" : tensor<30xf32>
// CHECK-NEXT: %[[QW:[^ ]+]] = tfm.param "text_model.encoder.layers.0.self_attn.q_proj.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[QB:[^ ]+]] = tfm.param "text_model.encoder.layers.0.self_attn.q_proj.bias" : tensor<30xf32>
// CHECK-NEXT: %[[KW:[^ ]+]] = tfm.param "text_model.encoder.layers.0.self_attn.k_proj.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[KB:[^ ]+]] = tfm.param "text_model.encoder.layers.0.self_attn.k_proj.bias" : tensor<30xf32>
// CHECK-NEXT: %[[VW:[^ ]+]] = tfm.param "text_model.encoder.layers.0.self_attn.v_proj.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[VB:[^ ]+]] = tfm.param "text_model.encoder.layers.0.self_attn.v_proj.bias" : tensor<30xf32>
// CHECK-NEXT: %[[OW:[^ ]+]] = tfm.param "text_model.encoder.layers.0.self_attn.out_proj.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[OB:[^ ]+]] = tfm.param "text_model.encoder.layers.0.self_attn.out_proj.bias" : tensor<30xf32>
// CHECK-NEXT: %[[LN2W:[^ ]+]] = tfm.param "text_model.encoder.layers.0.layer_norm2.weight" : tensor<30xf32>
// CHECK-NEXT: %[[LN2B:[^ ]+]] = tfm.param "text_model.encoder.layers.0.layer_norm2.bias" : tensor<30xf32>
// CHECK-NEXT: %[[F1W:[^ ]+]] = tfm.param "text_model.encoder.layers.0.mlp.fc1.weight" : tensor<44x30xf32>
// CHECK-NEXT: %[[F1B:[^ ]+]] = tfm.param "text_model.encoder.layers.0.mlp.fc1.bias" : tensor<44xf32>
// CHECK-NEXT: %[[F2W:[^ ]+]] = tfm.param "text_model.encoder.layers.0.mlp.fc2.weight" : tensor<30x44xf32>
// CHECK-NEXT: %[[F2B:[^ ]+]] = tfm.param "text_model.encoder.layers.0.mlp.fc2.bias" : tensor<30xf32>
// CHECK:      %[[FLW:[^ ]+]] = tfm.param "text_model.final_layer_norm.weight" : tensor<30xf32>
// CHECK-NEXT: %[[FLB:[^ ]+]] = tfm.param "text_model.final_layer_norm.bias" : tensor<30xf32>

// One mask for all layers: the padding mask where the causal mask keeps a
// key, -inf (0xFF800000) where it does not.
// CHECK:      %[[T:.*]] = tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK-NEXT: %[[KEEP:.*]] = tfm.causal_mask %[[T]] : tensor<?x?xi1>
// CHECK-NEXT: %[[PAD:.*]] = tfm.padding_mask %[[AM]] : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
// CHECK-NEXT: %[[NEGINF:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
// CHECK-NEXT: %[[MASK:.*]] = tfm.select %[[KEEP]], %[[PAD]], %[[NEGINF]] : (tensor<?x?xi1>, tensor<?x1x1x?xf32>, tensor<f32>) -> tensor<?x1x?x?xf32>
// CHECK-NEXT: %[[TE:.*]] = tfm.embedding %[[TOK]][%[[IDS]]]
// CHECK-NEXT: %[[PIDS:.*]] = tfm.position_ids %[[IDS]] : tensor<?x?xi64>
// CHECK-NEXT: %[[PE:.*]] = tfm.embedding %[[POS]][%[[PIDS]]]
// CHECK-NEXT: %[[H0:.*]] = tfm.add %[[TE]], %[[PE]]

// CHECK-NEXT: %[[H1:.*]] = tfm.layer "text_model.encoder.layers.0" -> tensor<?x?x30xf32> {
// CHECK-NEXT:   %[[A:.*]] = tfm.layer_norm %[[H0]], %[[LN1W]], %[[LN1B]] eps 1.000000e-05
// CHECK-NEXT:   %[[Q:.*]] = tfm.linear %[[A]], %[[QW]], %[[QB]] layout <out_in>
// CHECK-NEXT:   %[[K:.*]] = tfm.linear %[[A]], %[[KW]], %[[KB]] layout <out_in>
// CHECK-NEXT:   %[[V:.*]] = tfm.linear %[[A]], %[[VW]], %[[VB]] layout <out_in>
// CHECK-NEXT:   %[[QH:.*]] = tfm.split_heads %[[Q]] heads 5 : tensor<?x?x30xf32> -> tensor<?x5x?x6xf32>
// CHECK-NEXT:   %[[KH:.*]] = tfm.split_heads %[[K]] heads 5
// CHECK-NEXT:   %[[VH:.*]] = tfm.split_heads %[[V]] heads 5
// CHECK-NEXT:   %[[S:.*]] = tfm.matmul %[[QH]], %[[KH]] transpose_rhs
// CHECK-NEXT:   %[[SS:.*]] = tfm.scale %[[S]] by 0.40824829046386307
// CHECK-NEXT:   %[[SM:.*]] = tfm.add %[[SS]], %[[MASK]] : (tensor<?x5x?x?xf32>, tensor<?x1x?x?xf32>) -> tensor<?x5x?x?xf32>
// CHECK-NEXT:   %[[P:.*]] = tfm.softmax %[[SM]]
// CHECK-NEXT:   %[[C:.*]] = tfm.matmul %[[P]], %[[VH]]
// CHECK-NEXT:   %[[CM:.*]] = tfm.merge_heads %[[C]]
// CHECK-NEXT:   %[[O:.*]] = tfm.linear %[[CM]], %[[OW]], %[[OB]] layout <out_in>
// CHECK-NEXT:   %[[R1:.*]] = tfm.add %[[H0]], %[[O]]
// CHECK-NEXT:   %[[N:.*]] = tfm.layer_norm %[[R1]], %[[LN2W]], %[[LN2B]] eps 1.000000e-05
// CHECK-NEXT:   %[[M:.*]] = tfm.mlp %[[N]], %[[F1W]], %[[F1B]], %[[F2W]], %[[F2B]] layout <out_in> approximate <sigmoid>
// CHECK-NEXT:   %[[R2:.*]] = tfm.add %[[R1]], %[[M]]
// CHECK-NEXT:   tfm.yield %[[R2]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[H2:.*]] = tfm.layer "text_model.encoder.layers.1"
// CHECK:      %[[LAST:.*]] = tfm.layer_norm %[[H2]], %[[FLW]], %[[FLB]] eps 1.000000e-05
// CHECK-NEXT: %[[EOT:.*]] = tfm.argmax %[[IDS]] : tensor<?x?xi64> -> tensor<?xi64>
// CHECK-NEXT: %[[POOLED:.*]] = tfm.token_at %[[LAST]][%[[EOT]]] : tensor<?x?x30xf32>, tensor<?xi64> -> tensor<?x30xf32>
// CHECK-NEXT: return %[[LAST]], %[[POOLED]]

// The fusions apply as for the other models: each layer's attention with the
// [B, 1, T, T] additive mask, the MLP's fc1 with quick_gelu, the residuals.
// FUSED-COUNT-2: tfm.attention {{.*}} mask %{{.*}} heads 5 scale 0.40824829046386307 : {{.*}}tensor<?x1x?x?xf32>) -> tensor<?x?x30xf32>
// FUSED-NOT: tfm.softmax
// FUSED-NOT: tfm.mlp
// FUSED: tfm.linear {{.*}} layout <out_in> activation <gelu_sigmoid> : (tensor<?x?x30xf32>, tensor<44x30xf32>, tensor<44xf32>) -> tensor<?x?x44xf32>
// FUSED-NEXT: tfm.linear {{.*}} layout <out_in> residual

// hidden_act "gelu" is GELU's erf form; an absent eos_token_id is
// CLIPTextConfig's default, 2.
// GELU: tfm.mlp {{.*}} approximate <erf>
// GELU: tfm.argmax %{{[^ ]+}} : tensor<?x?xi64> -> tensor<?xi64>

// eos_token_id other than 2 (49407, as newer configs say): pooled at each
// row's first eos_token_id, as Hugging Face does then.
// EOS: %[[FLB:[^ ]+]] = tfm.param "text_model.final_layer_norm.bias"
// EOS: %[[LAST:.*]] = tfm.layer_norm %{{[^,]+}}, %{{[^,]+}}, %[[FLB]] eps
// EOS-NEXT: %[[EOT:.*]] = tfm.argmax %{{[^ ]+}} equal 49407 : tensor<?x?xi64> -> tensor<?xi64>
// EOS-NEXT: tfm.token_at %[[LAST]][%[[EOT]]]
