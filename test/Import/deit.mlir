// Imports a tiny 2-layer DeiT config (make_reference.py's tiny deit: 20x20x3
// images in 5x5 patches, so N = 16 patches + the CLS and distillation
// tokens; D=33, 3 heads of 11, F=50, 3 labels) as each of its Hugging Face
// classes: the distilled classifier (both heads, averaged), the single
// classifier and the encoder with its pooler. The encoder is ViT's (vit.mlir
// checks a layer op by op); here the embeddings and the heads.

// RUN: tfm-import %S/Inputs/tiny-deit.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-deit.json | FileCheck %s --check-prefix=PARAMS
// RUN: tfm-import --architecture DeiTForImageClassification %S/Inputs/tiny-deit.json | FileCheck %s --check-prefix=SINGLE
// RUN: tfm-import %S/Inputs/tiny-deit-model.json | FileCheck %s --check-prefix=MODEL
// RUN: tfm-import --architecture DeiTModel %S/Inputs/tiny-deit.json | FileCheck %s --check-prefix=DEFAULT-POOLER
// A config without architectures is the distilled classifier.
// RUN: sed '/"architectures"/d' %S/Inputs/tiny-deit.json > %t-no-arch.json
// RUN: tfm-import %t-no-arch.json | FileCheck %s

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[PX:[^:]+]]: tensor<?x3x20x20xf32> {tfm.name = "pixel_values"})
// CHECK-SAME: -> (tensor<?x18x33xf32> {tfm.name = "last_hidden_state"}, tensor<?x3xf32> {tfm.name = "logits"})
// CHECK-NEXT: %[[CLSW:[^ ]+]] = tfm.param "embeddings.cls_token" : tensor<1x1x33xf32> aliases ["deit.embeddings.cls_token"]
// CHECK-NEXT: %[[DISTW:[^ ]+]] = tfm.param "embeddings.distillation_token" : tensor<1x1x33xf32> aliases ["deit.embeddings.distillation_token"]
// CHECK-NEXT: %[[POSW:[^ ]+]] = tfm.param "embeddings.position_embeddings" : tensor<1x18x33xf32>
// CHECK-NEXT: %[[PW:[^ ]+]] = tfm.param "embeddings.patch_embeddings.projection.weight" : tensor<33x3x5x5xf32>
// CHECK-NEXT: %[[PB:[^ ]+]] = tfm.param "embeddings.patch_embeddings.projection.bias" : tensor<33xf32>
// CHECK:      %[[LNW:[^ ]+]] = tfm.param "layernorm.weight" : tensor<33xf32> aliases ["deit.layernorm.weight"]
// CHECK-NEXT: %[[LNB:[^ ]+]] = tfm.param "layernorm.bias" : tensor<33xf32>
// The heads sit outside the `deit.` prefix: no aliases.
// CHECK-NEXT: %[[CW:[^ ]+]] = tfm.param "cls_classifier.weight" : tensor<3x33xf32>{{$}}
// CHECK-NEXT: %[[CB:[^ ]+]] = tfm.param "cls_classifier.bias" : tensor<3xf32>{{$}}
// CHECK-NEXT: %[[DW:[^ ]+]] = tfm.param "distillation_classifier.weight" : tensor<3x33xf32>{{$}}
// CHECK-NEXT: %[[DB:[^ ]+]] = tfm.param "distillation_classifier.bias" : tensor<3xf32>{{$}}

// Embeddings: [CLS, distillation, patches] + positions.
// CHECK-NEXT: %[[P:[^ ]+]] = tfm.patch_embed %[[PX]], %[[PW]], %[[PB]] : (tensor<?x3x20x20xf32>, tensor<33x3x5x5xf32>, tensor<33xf32>) -> tensor<?x16x33xf32>
// CHECK-NEXT: %[[PD:[^ ]+]] = tfm.prepend_cls %[[P]], %[[DISTW]] : (tensor<?x16x33xf32>, tensor<1x1x33xf32>) -> tensor<?x17x33xf32>
// CHECK-NEXT: %[[PC:[^ ]+]] = tfm.prepend_cls %[[PD]], %[[CLSW]] : (tensor<?x17x33xf32>, tensor<1x1x33xf32>) -> tensor<?x18x33xf32>
// CHECK-NEXT: %[[H0:[^ ]+]] = tfm.add %[[PC]], %[[POSW]] : (tensor<?x18x33xf32>, tensor<1x18x33xf32>) -> tensor<?x18x33xf32>
// CHECK-NEXT: tfm.layer "encoder.layer.0" -> tensor<?x18x33xf32> {
// CHECK-NEXT: tfm.layer_norm %[[H0]]
// 1/sqrt(11), no mask:
// CHECK:      tfm.scale %{{[^ ]+}} by 0.30151134457776363 : tensor<?x3x18x18xf32>
// CHECK-NEXT: tfm.softmax
// CHECK:      %[[L1:[^ ]+]] = tfm.layer "encoder.layer.1" -> tensor<?x18x33xf32> {
// CHECK:      tfm.yield

// The two heads read rows 0 and 1 of the final layer norm; their logits
// are averaged.
// CHECK:      %[[LAST:[^ ]+]] = tfm.layer_norm %[[L1]], %[[LNW]], %[[LNB]] eps 9.9999999999999998E-13
// CHECK-NEXT: %[[CLS:[^ ]+]] = tfm.cls_token %[[LAST]] : tensor<?x18x33xf32> -> tensor<?x33xf32>
// CHECK:      %[[DIST:[^ ]+]] = tensor.extract_slice %[[LAST]][0, 1, 0] [%{{[^,]+}}, 1, 33] [1, 1, 1] : tensor<?x18x33xf32> to tensor<?x33xf32>
// CHECK-NEXT: %[[CL:[^ ]+]] = tfm.linear %[[CLS]], %[[CW]], %[[CB]] layout <out_in> : (tensor<?x33xf32>, tensor<3x33xf32>, tensor<3xf32>) -> tensor<?x3xf32>
// CHECK-NEXT: %[[DL:[^ ]+]] = tfm.linear %[[DIST]], %[[DW]], %[[DB]] layout <out_in> : (tensor<?x33xf32>, tensor<3x33xf32>, tensor<3xf32>) -> tensor<?x3xf32>
// CHECK-NEXT: %[[SUM:[^ ]+]] = tfm.add %[[CL]], %[[DL]] : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK-NEXT: %[[LOGITS:[^ ]+]] = tfm.scale %[[SUM]] by 5.000000e-01 : tensor<?x3xf32>
// CHECK-NEXT: return %[[LAST]], %[[LOGITS]] : tensor<?x18x33xf32>, tensor<?x3xf32>

// PARAMS-LABEL: func.func @forward
// PARAMS-COUNT-5: tfm.param "embeddings.
// PARAMS-COUNT-16: tfm.param "encoder.layer.0.
// PARAMS-COUNT-16: tfm.param "encoder.layer.1.
// PARAMS-NEXT: tfm.param "layernorm.weight"
// PARAMS-NEXT: tfm.param "layernorm.bias"
// PARAMS-NEXT: tfm.param "cls_classifier.weight"
// PARAMS-NEXT: tfm.param "cls_classifier.bias"
// PARAMS-NEXT: tfm.param "distillation_classifier.weight"
// PARAMS-NEXT: tfm.param "distillation_classifier.bias"
// PARAMS-NOT:  tfm.param

// DeiTForImageClassification: the same embeddings (Hugging Face's
// DeiTEmbeddings always has the distillation token), one classifier on the
// CLS row, no distillation head.
// SINGLE-LABEL: func.func @forward(
// SINGLE-SAME: -> (tensor<?x18x33xf32> {tfm.name = "last_hidden_state"}, tensor<?x3xf32> {tfm.name = "logits"})
// SINGLE: tfm.param "embeddings.distillation_token" : tensor<1x1x33xf32>
// SINGLE: %[[W:[^ ]+]] = tfm.param "classifier.weight" : tensor<3x33xf32>{{$}}
// SINGLE-NEXT: %[[B:[^ ]+]] = tfm.param "classifier.bias" : tensor<3xf32>{{$}}
// SINGLE-NOT: tfm.param
// SINGLE: tfm.prepend_cls {{.*}} -> tensor<?x17x33xf32>
// SINGLE-NEXT: tfm.prepend_cls {{.*}} -> tensor<?x18x33xf32>
// SINGLE: tfm.layer "encoder.layer.1"
// SINGLE: tfm.yield
// SINGLE-NEXT: }
// SINGLE-NEXT: %[[LAST:[^ ]+]] = tfm.layer_norm
// SINGLE-NEXT: %[[CLS:[^ ]+]] = tfm.cls_token %[[LAST]]
// SINGLE-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[CLS]], %[[W]], %[[B]] layout <out_in>
// SINGLE-NEXT: return %[[LAST]], %[[LOGITS]]
// SINGLE-NOT: extract_slice

// DeiTModel: no classifier; the pooler (pooler_output_size 21, tanh) on the
// CLS row, its weights without a task prefix (aliases under `deit.`).
// MODEL-LABEL: func.func @forward(
// MODEL-SAME: -> (tensor<?x18x33xf32> {tfm.name = "last_hidden_state"}, tensor<?x21xf32> {tfm.name = "pooler_output"})
// MODEL: %[[W:[^ ]+]] = tfm.param "pooler.dense.weight" : tensor<21x33xf32> aliases ["deit.pooler.dense.weight"]
// MODEL-NEXT: %[[B:[^ ]+]] = tfm.param "pooler.dense.bias" : tensor<21xf32>
// MODEL-NOT: classifier
// MODEL: tfm.layer "encoder.layer.1"
// MODEL: tfm.yield
// MODEL-NEXT: }
// MODEL-NEXT: %[[LAST:[^ ]+]] = tfm.layer_norm
// MODEL-NEXT: %[[CLS:[^ ]+]] = tfm.cls_token %[[LAST]]
// MODEL-NEXT: %[[POOLED:[^ ]+]] = tfm.linear %[[CLS]], %[[W]], %[[B]] layout <out_in> activation <tanh> : (tensor<?x33xf32>, tensor<21x33xf32>, tensor<21xf32>) -> tensor<?x21xf32>
// MODEL-NEXT: return %[[LAST]], %[[POOLED]]

// Without pooler_output_size (configs before it existed) the pooler is
// hidden_size wide.
// DEFAULT-POOLER-LABEL: func.func @forward(
// DEFAULT-POOLER-SAME: tensor<?x33xf32> {tfm.name = "pooler_output"})
// DEFAULT-POOLER: tfm.param "pooler.dense.weight" : tensor<33x33xf32>

// Variants not built are errors naming the field and its value.
// RUN: not tfm-import %S/Inputs/bad-deit-hidden-act.json 2>&1 | FileCheck %s --check-prefix=ACT
// ACT: bad-deit-hidden-act.json: error: unsupported hidden_act "relu" (supported: "gelu" (erf), "gelu_new" and "gelu_pytorch_tanh" (tanh approximation))
// RUN: not tfm-import %S/Inputs/bad-deit-qkv-bias.json 2>&1 | FileCheck %s --check-prefix=QKV
// QKV: bad-deit-qkv-bias.json: error: unsupported qkv_bias = false (only true is supported)
// RUN: not tfm-import %S/Inputs/bad-deit-image-size.json 2>&1 | FileCheck %s --check-prefix=IMAGE
// IMAGE: bad-deit-image-size.json: error: image_size (22) is not a multiple of patch_size (5)
// RUN: not tfm-import %S/Inputs/bad-deit-no-labels.json 2>&1 | FileCheck %s --check-prefix=NO-LABELS
// NO-LABELS: bad-deit-no-labels.json: error: missing required field "num_labels" (needed for architecture "DeiTForImageClassificationWithTeacher"; "id2label" is absent too, so the number of labels is unknown)
// RUN: not tfm-import --architecture DeiTForImageClassification %S/Inputs/bad-deit-no-labels.json 2>&1 | FileCheck %s --check-prefix=NO-LABELS-SINGLE
// NO-LABELS-SINGLE: bad-deit-no-labels.json: error: missing required field "num_labels" (needed for architecture "DeiTForImageClassification";
// DeiTModel needs no labels.
// RUN: tfm-import --architecture DeiTModel %S/Inputs/bad-deit-no-labels.json | FileCheck %s --check-prefix=DEFAULT-POOLER
// RUN: not tfm-import %S/Inputs/bad-deit-pooler-act.json 2>&1 | FileCheck %s --check-prefix=POOLER-ACT
// POOLER-ACT: bad-deit-pooler-act.json: error: unsupported pooler_act "relu" (only "tanh" is supported)
// RUN: not tfm-import %S/Inputs/bad-deit-architecture.json 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: bad-deit-architecture.json: error: unsupported architectures entry "DeiTForMaskedImageModeling" for model_type "deit" (supported: DeiTForImageClassificationWithTeacher, DeiTForImageClassification, DeiTModel)
// RUN: not tfm-import --architecture ViTForImageClassification %S/Inputs/tiny-deit.json 2>&1 | FileCheck %s --check-prefix=ARCH-OVERRIDE
// ARCH-OVERRIDE: tiny-deit.json: error: unsupported architecture "ViTForImageClassification" requested for model_type "deit" (supported: DeiTForImageClassificationWithTeacher, DeiTForImageClassification, DeiTModel)
// RUN: not tfm-import --kv-cache %S/Inputs/tiny-deit.json 2>&1 | FileCheck %s --check-prefix=KV
// KV: tiny-deit.json: error: a KV cache is for GPT-2 (GPT2LMHeadModel) and LLaMA (LlamaForCausalLM), not model_type "deit"
