// Imports a tiny 2-layer RoBERTa config (the shapes of make_reference.py's
// tiny roberta: V=95, P=26, D=30, 5 heads of 6, one token type, pad id 1):
// BERT's encoder and pooler under RoBERTa's names, with the positions
// counted past the padding id (tfm.position_ids padding), which is
// pad_token_id, or RobertaConfig's default 1 without the field (DEFAULT).
// The attention fuses like BERT's (FUSED).

// RUN: tfm-import %S/Inputs/tiny-roberta.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-roberta.json | tfm-opt --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=FUSED
// RUN: tfm-import %S/Inputs/tiny-roberta-default-pad.json | FileCheck %s --check-prefix=DEFAULT
// RUN: tfm-import %S/Inputs/tiny-roberta.json -o %t.mlir
// RUN: tfm-opt %t.mlir | FileCheck %s

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"}, %[[MASK:[^:]+]]: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"}, %[[TYPES:[^:]+]]: tensor<?x?xi64> {tfm.default = "zeros", tfm.name = "token_type_ids"})
// CHECK-SAME: -> (tensor<?x?x30xf32> {tfm.name = "last_hidden_state"}, tensor<?x30xf32> {tfm.name = "pooler_output"})
// CHECK-NEXT: %[[WORD:[^ ]+]] = tfm.param "embeddings.word_embeddings.weight" : tensor<95x30xf32> aliases ["roberta.embeddings.word_embeddings.weight"]
// CHECK-NEXT: %[[POSW:[^ ]+]] = tfm.param "embeddings.position_embeddings.weight" : tensor<26x30xf32> aliases ["roberta.embeddings.position_embeddings.weight"]
// CHECK-NEXT: %[[TYPEW:[^ ]+]] = tfm.param "embeddings.token_type_embeddings.weight" : tensor<1x30xf32>
// CHECK:      tfm.param "encoder.layer.0.attention.self.query.weight" : tensor<30x30xf32> aliases ["roberta.encoder.layer.0.attention.self.query.weight"]
// CHECK:      tfm.param "pooler.dense.bias" : tensor<30xf32> aliases ["roberta.pooler.dense.bias"]
// CHECK-NOT:  tfm.param
// CHECK:      %[[PAD:[^ ]+]] = tfm.padding_mask %[[MASK]]
// CHECK-NEXT: %[[TOK:[^ ]+]] = tfm.embedding %[[WORD]][%[[IDS]]]
// CHECK-NEXT: %[[TT:[^ ]+]] = tfm.embedding %[[TYPEW]][%[[TYPES]]]
// CHECK-NEXT: %[[S:[^ ]+]] = tfm.add %[[TOK]], %[[TT]]
// CHECK-NEXT: %[[POS:[^ ]+]] = tfm.position_ids %[[IDS]] padding 1 : tensor<?x?xi64>
// CHECK-NEXT: %[[PE:[^ ]+]] = tfm.embedding %[[POSW]][%[[POS]]]
// CHECK-NEXT: %[[E:[^ ]+]] = tfm.add %[[S]], %[[PE]]
// CHECK-NEXT: tfm.layer_norm %[[E]], {{.*}} eps 1.000000e-05
// CHECK-NEXT: tfm.layer "encoder.layer.0"
// CHECK:      tfm.add %{{.+}}, %[[PAD]] : (tensor<?x5x?x?xf32>, tensor<?x1x1x?xf32>)
// CHECK:      tfm.layer "encoder.layer.1"
// CHECK:      tfm.cls_token
// CHECK:      tfm.linear {{.*}} activation <tanh>

// FUSED-LABEL: func.func @forward
// FUSED: %[[PAD:[^ ]+]] = tfm.padding_mask
// FUSED-NOT: tfm.softmax
// FUSED-COUNT-2: tfm.masked_softmax %{{.+}}, %[[PAD]] scale 0.40824829046386307 : (tensor<?x5x?x?xf32>, tensor<?x1x1x?xf32>)
// FUSED-NOT: tfm.softmax

// DEFAULT-LABEL: func.func @forward
// DEFAULT: tfm.position_ids %{{[^ ]+}} padding 1 : tensor<?x?xi64>

// Variants the importer does not build are errors naming the field.
// RUN: not tfm-import %S/Inputs/bad-roberta-architecture.json 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: bad-roberta-architecture.json: error: unsupported architectures entry "RobertaForMaskedLM" for model_type "roberta" (supported: RobertaModel)
// RUN: not tfm-import %S/Inputs/bad-roberta-pad-kind.json 2>&1 | FileCheck %s --check-prefix=PAD-KIND
// PAD-KIND: bad-roberta-pad-kind.json: error: field "pad_token_id" must be an integer, but is the string "1"
// RUN: not tfm-import %S/Inputs/bad-roberta-pad-negative.json 2>&1 | FileCheck %s --check-prefix=PAD-NEGATIVE
// PAD-NEGATIVE: bad-roberta-pad-negative.json: error: field "pad_token_id" must not be negative, but is -1
// RUN: not tfm-import %S/Inputs/bad-roberta-positions.json 2>&1 | FileCheck %s --check-prefix=POSITIONS
// POSITIONS: bad-roberta-positions.json: error: max_position_embeddings (2) must exceed pad_token_id (1) + 1: RoBERTa's first token is at position pad_token_id + 1
// RUN: not tfm-import %S/Inputs/bad-roberta-position-type.json 2>&1 | FileCheck %s --check-prefix=POSITION-TYPE
// POSITION-TYPE: bad-roberta-position-type.json: error: unsupported position_embedding_type "relative_key_query" (only "absolute" is supported)
// RUN: not tfm-import %S/Inputs/bad-roberta-activation.json 2>&1 | FileCheck %s --check-prefix=ACTIVATION
// ACTIVATION: bad-roberta-activation.json: error: unsupported hidden_act "relu"
