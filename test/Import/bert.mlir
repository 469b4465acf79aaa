// Imports a tiny 2-layer BERT config (make_reference.py's tiny bert: V=101,
// D=30, 5 heads of 6, F=52, P=24) and checks the signature with the optional
// inputs' defaults, the parameters, one post-LN layer op by op with the
// additive padding mask, and the tanh pooler. The attention must be what
// tfm-fuse-masked-softmax fuses (FUSED).

// RUN: tfm-import %S/Inputs/tiny-bert.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-bert.json | FileCheck %s --check-prefix=PARAMS
// RUN: tfm-import %S/Inputs/tiny-bert.json | tfm-opt --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=FUSED
// RUN: tfm-import %S/Inputs/tiny-bert-gelu-new.json | FileCheck %s --check-prefix=TANH

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"},
// CHECK-SAME: %[[MASK:[^:]+]]: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"},
// CHECK-SAME: %[[TT:[^:]+]]: tensor<?x?xi64> {tfm.default = "zeros", tfm.name = "token_type_ids"})
// CHECK-SAME: -> (tensor<?x?x30xf32> {tfm.name = "last_hidden_state"}, tensor<?x30xf32> {tfm.name = "pooler_output"})
// CHECK-NEXT: %[[WORD:[^ ]+]] = tfm.param "embeddings.word_embeddings.weight" : tensor<101x30xf32>
// CHECK-NEXT: %[[POSW:[^ ]+]] = tfm.param "embeddings.position_embeddings.weight" : tensor<24x30xf32>
// CHECK-NEXT: %[[TYPEW:[^ ]+]] = tfm.param "embeddings.token_type_embeddings.weight" : tensor<2x30xf32>
// CHECK-NEXT: %[[ELNW:[^ ]+]] = tfm.param "embeddings.LayerNorm.weight" : tensor<30xf32>
// CHECK-NEXT: %[[ELNB:[^ ]+]] = tfm.param "embeddings.LayerNorm.bias" : tensor<30xf32>
// CHECK-NEXT: %[[QW:[^ ]+]] = tfm.param "encoder.layer.0.attention.self.query.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[QB:[^ ]+]] = tfm.param "encoder.layer.0.attention.self.query.bias" : tensor<30xf32>
// CHECK-NEXT: %[[KW:[^ ]+]] = tfm.param "encoder.layer.0.attention.self.key.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[KB:[^ ]+]] = tfm.param "encoder.layer.0.attention.self.key.bias" : tensor<30xf32>
// CHECK-NEXT: %[[VW:[^ ]+]] = tfm.param "encoder.layer.0.attention.self.value.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[VB:[^ ]+]] = tfm.param "encoder.layer.0.attention.self.value.bias" : tensor<30xf32>
// CHECK-NEXT: %[[AOW:[^ ]+]] = tfm.param "encoder.layer.0.attention.output.dense.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[AOB:[^ ]+]] = tfm.param "encoder.layer.0.attention.output.dense.bias" : tensor<30xf32>
// CHECK-NEXT: %[[ALNW:[^ ]+]] = tfm.param "encoder.layer.0.attention.output.LayerNorm.weight" : tensor<30xf32>
// CHECK-NEXT: %[[ALNB:[^ ]+]] = tfm.param "encoder.layer.0.attention.output.LayerNorm.bias" : tensor<30xf32>
// CHECK-NEXT: %[[IW:[^ ]+]] = tfm.param "encoder.layer.0.intermediate.dense.weight" : tensor<52x30xf32>
// CHECK-NEXT: %[[IB:[^ ]+]] = tfm.param "encoder.layer.0.intermediate.dense.bias" : tensor<52xf32>
// CHECK-NEXT: %[[OW:[^ ]+]] = tfm.param "encoder.layer.0.output.dense.weight" : tensor<30x52xf32>
// CHECK-NEXT: %[[OB:[^ ]+]] = tfm.param "encoder.layer.0.output.dense.bias" : tensor<30xf32>
// CHECK-NEXT: %[[OLNW:[^ ]+]] = tfm.param "encoder.layer.0.output.LayerNorm.weight" : tensor<30xf32>
// CHECK-NEXT: %[[OLNB:[^ ]+]] = tfm.param "encoder.layer.0.output.LayerNorm.bias" : tensor<30xf32>
// CHECK-NEXT: %[[L1QW:[^ ]+]] = tfm.param "encoder.layer.1.attention.self.query.weight" : tensor<30x30xf32>
// CHECK:      %[[PW:[^ ]+]] = tfm.param "pooler.dense.weight" : tensor<30x30xf32>
// CHECK-NEXT: %[[PB:[^ ]+]] = tfm.param "pooler.dense.bias" : tensor<30xf32>

// The additive padding mask, shared by the layers.
// CHECK-NEXT: %[[PAD:[^ ]+]] = tfm.padding_mask %[[MASK]] : tensor<?x?xi64> -> tensor<?x1x1x?xf32>

// Embeddings, summed in Hugging Face's order: (word + token_type) + position.
// CHECK-NEXT: %[[WE:[^ ]+]] = tfm.embedding %[[WORD]][%[[IDS]]] : tensor<101x30xf32>, tensor<?x?xi64> -> tensor<?x?x30xf32>
// CHECK-NEXT: %[[TE:[^ ]+]] = tfm.embedding %[[TYPEW]][%[[TT]]] : tensor<2x30xf32>, tensor<?x?xi64> -> tensor<?x?x30xf32>
// CHECK-NEXT: %[[E1:[^ ]+]] = tfm.add %[[WE]], %[[TE]]
// CHECK-NEXT: %[[POS:[^ ]+]] = tfm.position_ids %[[IDS]] : tensor<?x?xi64>
// CHECK-NEXT: %[[PE:[^ ]+]] = tfm.embedding %[[POSW]][%[[POS]]] : tensor<24x30xf32>, tensor<?x?xi64> -> tensor<?x?x30xf32>
// CHECK-NEXT: %[[E:[^ ]+]] = tfm.add %[[E1]], %[[PE]]
// CHECK-NEXT: %[[X0:[^ ]+]] = tfm.layer_norm %[[E]], %[[ELNW]], %[[ELNB]] eps 9.9999999999999998E-13 : (tensor<?x?x30xf32>, tensor<30xf32>, tensor<30xf32>) -> tensor<?x?x30xf32>

// Layer 0, in a tfm.layer that yields the new hidden state: separate q/k/v
// projections in nn.Linear layout.
// CHECK-NEXT: %[[L0:[^ ]+]] = tfm.layer "encoder.layer.0" -> tensor<?x?x30xf32> {
// CHECK-NEXT: %[[Q:[^ ]+]] = tfm.linear %[[X0]], %[[QW]], %[[QB]] layout <out_in> : (tensor<?x?x30xf32>, tensor<30x30xf32>, tensor<30xf32>) -> tensor<?x?x30xf32>
// CHECK-NEXT: %[[K:[^ ]+]] = tfm.linear %[[X0]], %[[KW]], %[[KB]] layout <out_in>
// CHECK-NEXT: %[[V:[^ ]+]] = tfm.linear %[[X0]], %[[VW]], %[[VB]] layout <out_in>
// CHECK-NEXT: %[[QH:[^ ]+]] = tfm.split_heads %[[Q]] heads 5 : tensor<?x?x30xf32> -> tensor<?x5x?x6xf32>
// CHECK-NEXT: %[[KH:[^ ]+]] = tfm.split_heads %[[K]] heads 5
// CHECK-NEXT: %[[VH:[^ ]+]] = tfm.split_heads %[[V]] heads 5
// CHECK-NEXT: %[[S:[^ ]+]] = tfm.matmul %[[QH]], %[[KH]] transpose_rhs : (tensor<?x5x?x6xf32>, tensor<?x5x?x6xf32>) -> tensor<?x5x?x?xf32>
// 1/sqrt(6):
// CHECK-NEXT: %[[SC:[^ ]+]] = tfm.scale %[[S]] by 0.40824829046386307 : tensor<?x5x?x?xf32>
// CHECK-NEXT: %[[M:[^ ]+]] = tfm.add %[[SC]], %[[PAD]] : (tensor<?x5x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x5x?x?xf32>
// CHECK-NEXT: %[[P:[^ ]+]] = tfm.softmax %[[M]] : tensor<?x5x?x?xf32>
// CHECK-NEXT: %[[CTXH:[^ ]+]] = tfm.matmul %[[P]], %[[VH]] : (tensor<?x5x?x?xf32>, tensor<?x5x?x6xf32>) -> tensor<?x5x?x6xf32>
// CHECK-NEXT: %[[CTX:[^ ]+]] = tfm.merge_heads %[[CTXH]] : tensor<?x5x?x6xf32> -> tensor<?x?x30xf32>
// CHECK-NEXT: %[[A:[^ ]+]] = tfm.linear %[[CTX]], %[[AOW]], %[[AOB]] layout <out_in>
// Post-LN: residual, then layer norm.
// CHECK-NEXT: %[[R1:[^ ]+]] = tfm.add %[[A]], %[[X0]]
// CHECK-NEXT: %[[X1:[^ ]+]] = tfm.layer_norm %[[R1]], %[[ALNW]], %[[ALNB]] eps 9.9999999999999998E-13
// CHECK-NEXT: %[[F:[^ ]+]] = tfm.mlp %[[X1]], %[[IW]], %[[IB]], %[[OW]], %[[OB]] layout <out_in> approximate <erf> : (tensor<?x?x30xf32>, tensor<52x30xf32>, tensor<52xf32>, tensor<30x52xf32>, tensor<30xf32>) -> tensor<?x?x30xf32>
// CHECK-NEXT: %[[R2:[^ ]+]] = tfm.add %[[F]], %[[X1]]
// CHECK-NEXT: %[[X2:[^ ]+]] = tfm.layer_norm %[[R2]], %[[OLNW]], %[[OLNB]] eps 9.9999999999999998E-13
// CHECK-NEXT: tfm.yield %[[X2]] : tensor<?x?x30xf32>
// CHECK-NEXT: }

// Layer 1 reads layer 0's output and the same mask.
// CHECK-NEXT: %[[L1:[^ ]+]] = tfm.layer "encoder.layer.1" -> tensor<?x?x30xf32> {
// CHECK-NEXT: tfm.linear %[[L0]], %[[L1QW]],
// CHECK-NOT:  tfm.padding_mask
// CHECK:      tfm.add %{{.+}}, %[[PAD]] : (tensor<?x5x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x5x?x?xf32>
// CHECK:      tfm.mlp
// CHECK-NEXT: tfm.add
// CHECK-NEXT: %[[X4:[^ ]+]] = tfm.layer_norm
// CHECK-NEXT: tfm.yield %[[X4]] : tensor<?x?x30xf32>
// CHECK-NEXT: }

// Pooler: tanh(linear(hidden[:, 0])).
// CHECK-NEXT: %[[CLS:[^ ]+]] = tfm.cls_token %[[L1]] : tensor<?x?x30xf32> -> tensor<?x30xf32>
// CHECK-NEXT: %[[POOLED:[^ ]+]] = tfm.linear %[[CLS]], %[[PW]], %[[PB]] layout <out_in> activation <tanh> : (tensor<?x30xf32>, tensor<30x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
// CHECK-NEXT: return %[[L1]], %[[POOLED]] : tensor<?x?x30xf32>, tensor<?x30xf32>

// PARAMS-LABEL: func.func @forward
// PARAMS-NEXT: tfm.param "embeddings.word_embeddings.weight" : tensor<101x30xf32>
// PARAMS-NEXT: tfm.param "embeddings.position_embeddings.weight" : tensor<24x30xf32>
// PARAMS-NEXT: tfm.param "embeddings.token_type_embeddings.weight" : tensor<2x30xf32>
// PARAMS-NEXT: tfm.param "embeddings.LayerNorm.weight" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "embeddings.LayerNorm.bias" : tensor<30xf32>
// PARAMS-COUNT-16: tfm.param "encoder.layer.0.
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.self.query.weight" : tensor<30x30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.self.query.bias" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.self.key.weight" : tensor<30x30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.self.key.bias" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.self.value.weight" : tensor<30x30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.self.value.bias" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.output.dense.weight" : tensor<30x30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.output.dense.bias" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.output.LayerNorm.weight" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.attention.output.LayerNorm.bias" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.intermediate.dense.weight" : tensor<52x30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.intermediate.dense.bias" : tensor<52xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.output.dense.weight" : tensor<30x52xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.output.dense.bias" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.output.LayerNorm.weight" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "encoder.layer.1.output.LayerNorm.bias" : tensor<30xf32>
// PARAMS-NEXT: tfm.param "pooler.dense.weight" : tensor<30x30xf32>
// PARAMS-NEXT: tfm.param "pooler.dense.bias" : tensor<30xf32>
// PARAMS-NOT:  tfm.param

// The scale/add/softmax chains become masked_softmax over the padding mask.
// FUSED-LABEL: func.func @forward
// FUSED: %[[PAD:[^ ]+]] = tfm.padding_mask
// FUSED-NOT: tfm.softmax
// FUSED: tfm.masked_softmax %{{.+}}, %[[PAD]] scale 0.40824829046386307 : (tensor<?x5x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x5x?x?xf32>
// FUSED-NOT: tfm.softmax
// FUSED: tfm.masked_softmax %{{.+}}, %[[PAD]] scale 0.40824829046386307
// FUSED-NOT: tfm.softmax

// hidden_act "gelu_new" is GELU's tanh approximation.
// TANH-LABEL: func.func @forward
// TANH: tfm.mlp {{.*}} layout <out_in> approximate <tanh> : (tensor<?x?x8xf32>, tensor<12x8xf32>, tensor<12xf32>, tensor<8x12xf32>, tensor<8xf32>) -> tensor<?x?x8xf32>
// TANH-NOT: tfm.mlp
