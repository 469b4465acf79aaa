// Imports a tiny 2-layer ViT config (make_reference.py's tiny vit: 24x24x3
// images in 8x8 patches, so N = 9 patches + CLS; D=36, 4 heads of 9, F=60,
// 5 labels) and checks the static signature, the parameters, one pre-LN
// layer op by op with unmasked attention, and the classifier on the CLS
// position.

// RUN: tfm-import %S/Inputs/tiny-vit.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-vit.json | FileCheck %s --check-prefix=PARAMS
// RUN: tfm-import %S/Inputs/tiny-vit.json | tfm-opt --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=UNFUSED
// RUN: tfm-import %S/Inputs/tiny-vit-id2label.json | FileCheck %s --check-prefix=LABELS

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[PX:[^:]+]]: tensor<?x3x24x24xf32> {tfm.name = "pixel_values"})
// CHECK-SAME: -> (tensor<?x10x36xf32> {tfm.name = "last_hidden_state"}, tensor<?x5xf32> {tfm.name = "logits"})
// CHECK-NEXT: %[[CLSW:[^ ]+]] = tfm.param "embeddings.cls_token" : tensor<1x1x36xf32>
// CHECK-NEXT: %[[POSW:[^ ]+]] = tfm.param "embeddings.position_embeddings" : tensor<1x10x36xf32>
// CHECK-NEXT: %[[PW:[^ ]+]] = tfm.param "embeddings.patch_embeddings.projection.weight" : tensor<36x3x8x8xf32>
// CHECK-NEXT: %[[PB:[^ ]+]] = tfm.param "embeddings.patch_embeddings.projection.bias" : tensor<36xf32>
// CHECK-NEXT: %[[LNBW:[^ ]+]] = tfm.param "encoder.layer.0.layernorm_before.weight" : tensor<36xf32>
// CHECK-NEXT: %[[LNBB:[^ ]+]] = tfm.param "encoder.layer.0.layernorm_before.bias" : tensor<36xf32>
// CHECK-NEXT: %[[QW:[^ ]+]] = tfm.param "encoder.layer.0.attention.attention.query.weight" : tensor<36x36xf32>
// CHECK-NEXT: %[[QB:[^ ]+]] = tfm.param "encoder.layer.0.attention.attention.query.bias" : tensor<36xf32>
// CHECK-NEXT: %[[KW:[^ ]+]] = tfm.param "encoder.layer.0.attention.attention.key.weight" : tensor<36x36xf32>
// CHECK-NEXT: %[[KB:[^ ]+]] = tfm.param "encoder.layer.0.attention.attention.key.bias" : tensor<36xf32>
// CHECK-NEXT: %[[VW:[^ ]+]] = tfm.param "encoder.layer.0.attention.attention.value.weight" : tensor<36x36xf32>
// CHECK-NEXT: %[[VB:[^ ]+]] = tfm.param "encoder.layer.0.attention.attention.value.bias" : tensor<36xf32>
// CHECK-NEXT: %[[AOW:[^ ]+]] = tfm.param "encoder.layer.0.attention.output.dense.weight" : tensor<36x36xf32>
// CHECK-NEXT: %[[AOB:[^ ]+]] = tfm.param "encoder.layer.0.attention.output.dense.bias" : tensor<36xf32>
// CHECK-NEXT: %[[LNAW:[^ ]+]] = tfm.param "encoder.layer.0.layernorm_after.weight" : tensor<36xf32>
// CHECK-NEXT: %[[LNAB:[^ ]+]] = tfm.param "encoder.layer.0.layernorm_after.bias" : tensor<36xf32>
// CHECK-NEXT: %[[IW:[^ ]+]] = tfm.param "encoder.layer.0.intermediate.dense.weight" : tensor<60x36xf32>
// CHECK-NEXT: %[[IB:[^ ]+]] = tfm.param "encoder.layer.0.intermediate.dense.bias" : tensor<60xf32>
// CHECK-NEXT: %[[OW:[^ ]+]] = tfm.param "encoder.layer.0.output.dense.weight" : tensor<36x60xf32>
// CHECK-NEXT: %[[OB:[^ ]+]] = tfm.param "encoder.layer.0.output.dense.bias" : tensor<36xf32>
// CHECK-NEXT: %[[L1W:[^ ]+]] = tfm.param "encoder.layer.1.layernorm_before.weight" : tensor<36xf32>
// CHECK:      %[[LNW:[^ ]+]] = tfm.param "layernorm.weight" : tensor<36xf32>
// CHECK-NEXT: %[[LNB:[^ ]+]] = tfm.param "layernorm.bias" : tensor<36xf32>
// CHECK-NEXT: %[[CW:[^ ]+]] = tfm.param "classifier.weight" : tensor<5x36xf32>
// CHECK-NEXT: %[[CB:[^ ]+]] = tfm.param "classifier.bias" : tensor<5xf32>

// Embeddings: patches, CLS in front, learned positions broadcast over B.
// CHECK-NEXT: %[[P:[^ ]+]] = tfm.patch_embed %[[PX]], %[[PW]], %[[PB]] : (tensor<?x3x24x24xf32>, tensor<36x3x8x8xf32>, tensor<36xf32>) -> tensor<?x9x36xf32>
// CHECK-NEXT: %[[PC:[^ ]+]] = tfm.prepend_cls %[[P]], %[[CLSW]] : (tensor<?x9x36xf32>, tensor<1x1x36xf32>) -> tensor<?x10x36xf32>
// CHECK-NEXT: %[[H0:[^ ]+]] = tfm.add %[[PC]], %[[POSW]] : (tensor<?x10x36xf32>, tensor<1x10x36xf32>) -> tensor<?x10x36xf32>

// Layer 0: pre-LN attention without a mask.
// CHECK-NEXT: %[[L0:[^ ]+]] = tfm.layer "encoder.layer.0" -> tensor<?x10x36xf32> {
// CHECK-NEXT: %[[A:[^ ]+]] = tfm.layer_norm %[[H0]], %[[LNBW]], %[[LNBB]] eps 9.9999999999999998E-13 : (tensor<?x10x36xf32>, tensor<36xf32>, tensor<36xf32>) -> tensor<?x10x36xf32>
// CHECK-NEXT: %[[Q:[^ ]+]] = tfm.linear %[[A]], %[[QW]], %[[QB]] layout <out_in> : (tensor<?x10x36xf32>, tensor<36x36xf32>, tensor<36xf32>) -> tensor<?x10x36xf32>
// CHECK-NEXT: %[[K:[^ ]+]] = tfm.linear %[[A]], %[[KW]], %[[KB]] layout <out_in>
// CHECK-NEXT: %[[V:[^ ]+]] = tfm.linear %[[A]], %[[VW]], %[[VB]] layout <out_in>
// CHECK-NEXT: %[[QH:[^ ]+]] = tfm.split_heads %[[Q]] heads 4 : tensor<?x10x36xf32> -> tensor<?x4x10x9xf32>
// CHECK-NEXT: %[[KH:[^ ]+]] = tfm.split_heads %[[K]] heads 4
// CHECK-NEXT: %[[VH:[^ ]+]] = tfm.split_heads %[[V]] heads 4
// CHECK-NEXT: %[[S:[^ ]+]] = tfm.matmul %[[QH]], %[[KH]] transpose_rhs : (tensor<?x4x10x9xf32>, tensor<?x4x10x9xf32>) -> tensor<?x4x10x10xf32>
// 1/sqrt(9):
// CHECK-NEXT: %[[SC:[^ ]+]] = tfm.scale %[[S]] by 0.33333333333333331 : tensor<?x4x10x10xf32>
// CHECK-NEXT: %[[PR:[^ ]+]] = tfm.softmax %[[SC]] : tensor<?x4x10x10xf32>
// CHECK-NEXT: %[[CTXH:[^ ]+]] = tfm.matmul %[[PR]], %[[VH]] : (tensor<?x4x10x10xf32>, tensor<?x4x10x9xf32>) -> tensor<?x4x10x9xf32>
// CHECK-NEXT: %[[CTX:[^ ]+]] = tfm.merge_heads %[[CTXH]] : tensor<?x4x10x9xf32> -> tensor<?x10x36xf32>
// CHECK-NEXT: %[[O:[^ ]+]] = tfm.linear %[[CTX]], %[[AOW]], %[[AOB]] layout <out_in>
// CHECK-NEXT: %[[H1:[^ ]+]] = tfm.add %[[H0]], %[[O]]
// CHECK-NEXT: %[[N:[^ ]+]] = tfm.layer_norm %[[H1]], %[[LNAW]], %[[LNAB]] eps 9.9999999999999998E-13
// CHECK-NEXT: %[[F:[^ ]+]] = tfm.mlp %[[N]], %[[IW]], %[[IB]], %[[OW]], %[[OB]] layout <out_in> approximate <erf> : (tensor<?x10x36xf32>, tensor<60x36xf32>, tensor<60xf32>, tensor<36x60xf32>, tensor<36xf32>) -> tensor<?x10x36xf32>
// CHECK-NEXT: %[[H2:[^ ]+]] = tfm.add %[[H1]], %[[F]]
// CHECK-NEXT: tfm.yield %[[H2]] : tensor<?x10x36xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[L1:[^ ]+]] = tfm.layer "encoder.layer.1" -> tensor<?x10x36xf32> {
// CHECK-NEXT: tfm.layer_norm %[[L0]], %[[L1W]],
// CHECK:      tfm.mlp
// CHECK-NEXT: %[[HL:[^ ]+]] = tfm.add
// CHECK-NEXT: tfm.yield %[[HL]] : tensor<?x10x36xf32>
// CHECK-NEXT: }

// Final layer norm is last_hidden_state; the classifier reads its CLS row.
// CHECK-NEXT: %[[LAST:[^ ]+]] = tfm.layer_norm %[[L1]], %[[LNW]], %[[LNB]] eps 9.9999999999999998E-13
// CHECK-NEXT: %[[CLS:[^ ]+]] = tfm.cls_token %[[LAST]] : tensor<?x10x36xf32> -> tensor<?x36xf32>
// CHECK-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[CLS]], %[[CW]], %[[CB]] layout <out_in> : (tensor<?x36xf32>, tensor<5x36xf32>, tensor<5xf32>) -> tensor<?x5xf32>
// CHECK-NEXT: return %[[LAST]], %[[LOGITS]] : tensor<?x10x36xf32>, tensor<?x5xf32>

// PARAMS-LABEL: func.func @forward
// PARAMS-COUNT-4: tfm.param "embeddings.
// PARAMS-COUNT-16: tfm.param "encoder.layer.0.
// PARAMS-COUNT-16: tfm.param "encoder.layer.1.
// PARAMS-NEXT: tfm.param "layernorm.weight"
// PARAMS-NEXT: tfm.param "layernorm.bias"
// PARAMS-NEXT: tfm.param "classifier.weight"
// PARAMS-NEXT: tfm.param "classifier.bias"
// PARAMS-NOT:  tfm.param

// Unmasked attention has nothing to fuse: the softmaxes stay.
// UNFUSED-COUNT-2: tfm.softmax
// UNFUSED-NOT: tfm.masked_softmax

// No num_labels: the classifier has one row per id2label entry; a 32x32
// single-channel image in 16x16 patches gives 4 patches + CLS.
// LABELS-LABEL: func.func @forward(%{{[^:]+}}: tensor<?x1x32x32xf32> {tfm.name = "pixel_values"}) -> (tensor<?x5x8xf32> {tfm.name = "last_hidden_state"}, tensor<?x3xf32> {tfm.name = "logits"})
// LABELS: tfm.param "embeddings.position_embeddings" : tensor<1x5x8xf32>
// LABELS: tfm.param "embeddings.patch_embeddings.projection.weight" : tensor<8x1x16x16xf32>
// LABELS: tfm.param "classifier.weight" : tensor<3x8xf32>
// LABELS: tfm.patch_embed {{.*}} -> tensor<?x4x8xf32>
