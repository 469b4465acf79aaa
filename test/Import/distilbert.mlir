// Imports a tiny 2-layer DistilBERT config (the shapes of
// make_reference.py's tiny distilbert: V=103, P=22, D=28, 4 heads of 7,
// hidden_dim 50) and checks the signature (no token_type_ids), the
// embeddings (no token types), one post-LN block op by op with the padding
// mask, every layer norm at Hugging Face's fixed eps 1e-12, and no pooler.
// Its attention fuses like BERT's (FUSED). DistilBertForMaskedLM adds the
// vocab_* head, whose projector is the word embeddings (MLM).

// RUN: tfm-import %S/Inputs/tiny-distilbert.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-distilbert.json | tfm-opt --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=FUSED
// RUN: tfm-import %S/Inputs/tiny-distilbert-mlm.json | FileCheck %s --check-prefix=MLM
// RUN: tfm-import %S/Inputs/tiny-distilbert.json -o %t.mlir
// RUN: tfm-opt %t.mlir | FileCheck %s

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"}, %[[MASK:[^:]+]]: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"}) -> (tensor<?x?x28xf32> {tfm.name = "last_hidden_state"})
// CHECK-NEXT: %[[WORD:[^ ]+]] = tfm.param "embeddings.word_embeddings.weight" : tensor<103x28xf32> aliases ["distilbert.embeddings.word_embeddings.weight"]
// CHECK-NEXT: %[[POSW:[^ ]+]] = tfm.param "embeddings.position_embeddings.weight" : tensor<22x28xf32>
// CHECK-NEXT: %[[ELNW:[^ ]+]] = tfm.param "embeddings.LayerNorm.weight" : tensor<28xf32>
// CHECK-NEXT: %[[ELNB:[^ ]+]] = tfm.param "embeddings.LayerNorm.bias" : tensor<28xf32>
// CHECK-NEXT: %[[QW:[^ ]+]] = tfm.param "transformer.layer.0.attention.q_lin.weight" : tensor<28x28xf32> aliases ["distilbert.transformer.layer.0.attention.q_lin.weight"]
// CHECK-NEXT: %[[QB:[^ ]+]] = tfm.param "transformer.layer.0.attention.q_lin.bias" : tensor<28xf32>
// CHECK-NEXT: %[[KW:[^ ]+]] = tfm.param "transformer.layer.0.attention.k_lin.weight"
// CHECK-NEXT: %[[KB:[^ ]+]] = tfm.param "transformer.layer.0.attention.k_lin.bias"
// CHECK-NEXT: %[[VW:[^ ]+]] = tfm.param "transformer.layer.0.attention.v_lin.weight"
// CHECK-NEXT: %[[VB:[^ ]+]] = tfm.param "transformer.layer.0.attention.v_lin.bias"
// CHECK-NEXT: %[[OW:[^ ]+]] = tfm.param "transformer.layer.0.attention.out_lin.weight" : tensor<28x28xf32>
// CHECK-NEXT: %[[OB:[^ ]+]] = tfm.param "transformer.layer.0.attention.out_lin.bias" : tensor<28xf32>
// CHECK-NEXT: %[[SAW:[^ ]+]] = tfm.param "transformer.layer.0.sa_layer_norm.weight" : tensor<28xf32>
// CHECK-NEXT: %[[SAB:[^ ]+]] = tfm.param "transformer.layer.0.sa_layer_norm.bias" : tensor<28xf32>
// CHECK-NEXT: %[[F1W:[^ ]+]] = tfm.param "transformer.layer.0.ffn.lin1.weight" : tensor<50x28xf32>
// CHECK-NEXT: %[[F1B:[^ ]+]] = tfm.param "transformer.layer.0.ffn.lin1.bias" : tensor<50xf32>
// CHECK-NEXT: %[[F2W:[^ ]+]] = tfm.param "transformer.layer.0.ffn.lin2.weight" : tensor<28x50xf32>
// CHECK-NEXT: %[[F2B:[^ ]+]] = tfm.param "transformer.layer.0.ffn.lin2.bias" : tensor<28xf32>
// CHECK-NEXT: %[[OLW:[^ ]+]] = tfm.param "transformer.layer.0.output_layer_norm.weight" : tensor<28xf32>
// CHECK-NEXT: %[[OLB:[^ ]+]] = tfm.param "transformer.layer.0.output_layer_norm.bias" : tensor<28xf32>
// CHECK:      tfm.param "transformer.layer.1.output_layer_norm.bias" : tensor<28xf32>
// CHECK-NOT:  tfm.param
// CHECK-NEXT: %[[PAD:[^ ]+]] = tfm.padding_mask %[[MASK]] : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
// CHECK-NEXT: %[[TOK:[^ ]+]] = tfm.embedding %[[WORD]][%[[IDS]]]
// CHECK-NEXT: %[[POS:[^ ]+]] = tfm.position_ids %[[IDS]] : tensor<?x?xi64>
// CHECK-NEXT: %[[PE:[^ ]+]] = tfm.embedding %[[POSW]][%[[POS]]]
// CHECK-NEXT: %[[E:[^ ]+]] = tfm.add %[[TOK]], %[[PE]]
// CHECK-NEXT: %[[X0:[^ ]+]] = tfm.layer_norm %[[E]], %[[ELNW]], %[[ELNB]] eps 9.9999999999999998E-13
// CHECK-NEXT: %[[L0:[^ ]+]] = tfm.layer "transformer.layer.0" -> tensor<?x?x28xf32> {
// CHECK-NEXT: %[[Q:[^ ]+]] = tfm.linear %[[X0]], %[[QW]], %[[QB]] layout <out_in>
// CHECK-NEXT: tfm.linear %[[X0]], %[[KW]], %[[KB]] layout <out_in>
// CHECK-NEXT: tfm.linear %[[X0]], %[[VW]], %[[VB]] layout <out_in>
// CHECK:      %[[SC:[^ ]+]] = tfm.scale %{{.+}} by 0.3779644730092272 : tensor<?x4x?x?xf32>
// CHECK-NEXT: %[[MS:[^ ]+]] = tfm.add %[[SC]], %[[PAD]] : (tensor<?x4x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x4x?x?xf32>
// CHECK-NEXT: tfm.softmax %[[MS]]
// CHECK-NEXT: tfm.matmul
// CHECK-NEXT: %[[CTX:[^ ]+]] = tfm.merge_heads
// CHECK-NEXT: %[[A:[^ ]+]] = tfm.linear %[[CTX]], %[[OW]], %[[OB]] layout <out_in>
// CHECK-NEXT: %[[R1:[^ ]+]] = tfm.add %[[A]], %[[X0]]
// CHECK-NEXT: %[[N:[^ ]+]] = tfm.layer_norm %[[R1]], %[[SAW]], %[[SAB]] eps 9.9999999999999998E-13
// CHECK-NEXT: %[[F:[^ ]+]] = tfm.mlp %[[N]], %[[F1W]], %[[F1B]], %[[F2W]], %[[F2B]] layout <out_in> approximate <erf>
// CHECK-NEXT: %[[R2:[^ ]+]] = tfm.add %[[F]], %[[N]]
// CHECK-NEXT: %[[Y:[^ ]+]] = tfm.layer_norm %[[R2]], %[[OLW]], %[[OLB]] eps 9.9999999999999998E-13
// CHECK-NEXT: tfm.yield %[[Y]] : tensor<?x?x28xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[L1:[^ ]+]] = tfm.layer "transformer.layer.1"
// CHECK:      tfm.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[L1]] : tensor<?x?x28xf32>

// FUSED-LABEL: func.func @forward
// FUSED: %[[PAD:[^ ]+]] = tfm.padding_mask
// FUSED-NOT: tfm.softmax
// FUSED-COUNT-2: tfm.masked_softmax %{{.+}}, %[[PAD]] scale 0.3779644730092272 : (tensor<?x4x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x4x?x?xf32>
// FUSED-NOT: tfm.softmax

// MLM-LABEL: func.func @forward(%{{[^:]+}}: tensor<?x?xi64> {tfm.name = "input_ids"}, %{{[^:]+}}: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"}) -> (tensor<?x?x103xf32> {tfm.name = "logits"})
// MLM-NEXT: %[[WORD:[^ ]+]] = tfm.param "embeddings.word_embeddings.weight" : tensor<103x28xf32> aliases ["distilbert.embeddings.word_embeddings.weight"]
// MLM: %[[TW:[^ ]+]] = tfm.param "vocab_transform.weight" : tensor<28x28xf32>{{$}}
// MLM-NEXT: %[[TB:[^ ]+]] = tfm.param "vocab_transform.bias" : tensor<28xf32>{{$}}
// MLM-NEXT: %[[LW:[^ ]+]] = tfm.param "vocab_layer_norm.weight" : tensor<28xf32>{{$}}
// MLM-NEXT: %[[LB:[^ ]+]] = tfm.param "vocab_layer_norm.bias" : tensor<28xf32>{{$}}
// MLM-NEXT: %[[PB:[^ ]+]] = tfm.param "vocab_projector.bias" : tensor<103xf32>{{$}}
// MLM: %[[H:[^ ]+]] = tfm.layer "transformer.layer.0"
// MLM: tfm.yield
// MLM-NEXT: }
// MLM-NEXT: %[[T:[^ ]+]] = tfm.linear %[[H]], %[[TW]], %[[TB]] layout <out_in>
// MLM-NEXT: %[[G:[^ ]+]] = tfm.gelu %[[T]] approximate <erf>
// MLM-NEXT: %[[N:[^ ]+]] = tfm.layer_norm %[[G]], %[[LW]], %[[LB]] eps 9.9999999999999998E-13
// MLM-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[N]], %[[WORD]], %[[PB]] layout <out_in> : (tensor<?x?x28xf32>, tensor<103x28xf32>, tensor<103xf32>) -> tensor<?x?x103xf32>
// MLM-NEXT: return %[[LOGITS]]

// Variants the importer does not build are errors naming the field.
// RUN: not tfm-import %S/Inputs/bad-distilbert-sinusoidal.json 2>&1 | FileCheck %s --check-prefix=SINUSOIDAL
// SINUSOIDAL: bad-distilbert-sinusoidal.json: error: unsupported sinusoidal_pos_embds = true (only false is supported)
// RUN: not tfm-import %S/Inputs/bad-distilbert-activation.json 2>&1 | FileCheck %s --check-prefix=ACTIVATION
// ACTIVATION: bad-distilbert-activation.json: error: unsupported activation "relu" (only "gelu" is supported)
// RUN: not tfm-import %S/Inputs/bad-distilbert-heads.json 2>&1 | FileCheck %s --check-prefix=HEADS
// HEADS: bad-distilbert-heads.json: error: n_heads (3) does not divide dim (28)
// RUN: not tfm-import %S/Inputs/bad-distilbert-mlm-untied.json 2>&1 | FileCheck %s --check-prefix=UNTIED
// UNTIED: bad-distilbert-mlm-untied.json: error: unsupported tie_word_embeddings = false (only true is supported)
// RUN: not tfm-import %S/Inputs/bad-distilbert-architecture.json 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: bad-distilbert-architecture.json: error: unsupported architectures entry "DistilBertForSequenceClassification" for model_type "distilbert" (supported: DistilBertModel, DistilBertForMaskedLM)
// RUN: not tfm-import %S/Inputs/bad-distilbert-no-dim.json 2>&1 | FileCheck %s --check-prefix=NO-DIM
// NO-DIM: bad-distilbert-no-dim.json: error: missing required field "dim" (needed for model_type "distilbert")
