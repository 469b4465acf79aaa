// The shipped real-size models are exactly what tfm-import makes of their
// configs. After changing the importer, regenerate them with
//   build/bin/tfm-import models/gpt2/config.json -o models/gpt2/gpt2.mlir
// (and likewise for bert-base-uncased, bert-base-uncased-mlm,
// vit-base-patch16-224, openai-gpt, distilbert-base-uncased, roberta-base
// clip-text-vit-b-32, t5-small, smollm-135m and deit-base-distilled-patch16-224). roberta-base is the encoder (RobertaModel; the
// published config names RobertaForMaskedLM, which the importer does not
// build). bert-base-uncased is the encoder the benchmark measures (its
// config's architectures set to BertModel); bert-base-uncased-mlm is Hugging
// Face's config as published, with its masked-LM head (BertForMaskedLM);
// clip-text-vit-b-32 is the text_config of openai/clip-vit-base-patch32 as
// CLIPTextModel saves it. t5-small is its encoder (T5EncoderModel; the
// published config names the sequence-to-sequence class, whose encoder
// weights have the same names). smollm-135m is HuggingFaceTB/SmolLM-135M, a
// LLaMA-architecture decoder with a tied head.
// deit-base-distilled-patch16-224 is DeiT-B's
// distilled classifier as published (DeiTForImageClassificationWithTeacher).

// RUN: tfm-import %tfm_src_root/models/gpt2/config.json | diff - %tfm_src_root/models/gpt2/gpt2.mlir
// RUN: tfm-import %tfm_src_root/models/bert-base-uncased/config.json | diff - %tfm_src_root/models/bert-base-uncased/bert-base-uncased.mlir
// RUN: tfm-import %tfm_src_root/models/bert-base-uncased-mlm/config.json | diff - %tfm_src_root/models/bert-base-uncased-mlm/bert-base-uncased-mlm.mlir
// RUN: tfm-import %tfm_src_root/models/vit-base-patch16-224/config.json | diff - %tfm_src_root/models/vit-base-patch16-224/vit-base-patch16-224.mlir
// RUN: tfm-import %tfm_src_root/models/openai-gpt/config.json | diff - %tfm_src_root/models/openai-gpt/openai-gpt.mlir
// RUN: tfm-import %tfm_src_root/models/distilbert-base-uncased/config.json | diff - %tfm_src_root/models/distilbert-base-uncased/distilbert-base-uncased.mlir
// RUN: tfm-import %tfm_src_root/models/roberta-base/config.json | diff - %tfm_src_root/models/roberta-base/roberta-base.mlir
// RUN: tfm-import %tfm_src_root/models/clip-text-vit-b-32/config.json | diff - %tfm_src_root/models/clip-text-vit-b-32/clip-text-vit-b-32.mlir
// RUN: tfm-import %tfm_src_root/models/t5-small/config.json | diff - %tfm_src_root/models/t5-small/t5-small.mlir
// RUN: tfm-import %tfm_src_root/models/smollm-135m/config.json | diff - %tfm_src_root/models/smollm-135m/smollm-135m.mlir
// RUN: tfm-import %tfm_src_root/models/deit-base-distilled-patch16-224/config.json | diff - %tfm_src_root/models/deit-base-distilled-patch16-224/deit-base-distilled-patch16-224.mlir

// They parse and verify on their own, and every attention of the masked
// models fuses (12 layers each); ViT's unmasked softmaxes stay.
// RUN: tfm-opt %tfm_src_root/models/gpt2/gpt2.mlir --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=GPT2
// GPT2: func.func @forward(%{{[^:]+}}: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x50257xf32> {tfm.name = "logits"})
// GPT2: tfm.param "wte.weight" : tensor<50257x768xf32>
// GPT2: tfm.param "h.11.mlp.c_proj.weight" : tensor<3072x768xf32>
// GPT2-COUNT-12: tfm.masked_softmax {{.*}} scale 1.250000e-01 : (tensor<?x12x?x?xf32>, tensor<?x?xi1>)
// GPT2-NOT: tfm.softmax
// GPT2-NOT: tfm.masked_softmax
// GPT2: tfm.linear {{.*}} layout <out_in> : (tensor<?x?x768xf32>, tensor<50257x768xf32>) -> tensor<?x?x50257xf32>

// RUN: tfm-opt %tfm_src_root/models/bert-base-uncased/bert-base-uncased.mlir --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=BERT
// BERT: tensor<?x?x768xf32> {tfm.name = "last_hidden_state"}, tensor<?x768xf32> {tfm.name = "pooler_output"}
// BERT: tfm.param "encoder.layer.11.output.LayerNorm.bias" : tensor<768xf32>
// BERT-COUNT-12: tfm.masked_softmax {{.*}} scale 1.250000e-01 : (tensor<?x12x?x?xf32>, tensor<?x1x1x?xf32>)
// BERT-NOT: tfm.softmax
// BERT-NOT: tfm.masked_softmax

// RUN: tfm-opt %tfm_src_root/models/bert-base-uncased-mlm/bert-base-uncased-mlm.mlir --tfm-fuse-masked-softmax --tfm-fuse-linear | FileCheck %s --check-prefix=BERT-MLM
// BERT-MLM: -> (tensor<?x?x30522xf32> {tfm.name = "logits"})
// BERT-MLM: %[[WORD:[^ ]+]] = tfm.param "embeddings.word_embeddings.weight" : tensor<30522x768xf32>
// BERT-MLM-NOT: pooler
// BERT-MLM-COUNT-12: tfm.masked_softmax {{.*}} scale 1.250000e-01 : (tensor<?x12x?x?xf32>, tensor<?x1x1x?xf32>)
// BERT-MLM: tfm.linear {{.*}} activation <gelu_erf> : (tensor<?x?x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<?x?x768xf32>
// BERT-MLM-NEXT: tfm.layer_norm
// BERT-MLM-NEXT: tfm.linear %{{[^,]+}}, %[[WORD]], %{{[^ ]+}} layout <out_in> : (tensor<?x?x768xf32>, tensor<30522x768xf32>, tensor<30522xf32>) -> tensor<?x?x30522xf32>
// BERT-MLM-NEXT: return

// RUN: tfm-opt %tfm_src_root/models/vit-base-patch16-224/vit-base-patch16-224.mlir --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=VIT
// VIT: tensor<?x3x224x224xf32> {tfm.name = "pixel_values"}) -> (tensor<?x197x768xf32> {tfm.name = "last_hidden_state"}, tensor<?x1000xf32> {tfm.name = "logits"})
// VIT: tfm.patch_embed {{.*}} -> tensor<?x196x768xf32>
// VIT-COUNT-12: tfm.softmax {{.*}} : tensor<?x12x197x197xf32>
// VIT-NOT: tfm.softmax
// VIT-NOT: tfm.masked_softmax

// DeiT-B distilled: ViT-B's encoder over 196 patches, the CLS and the
// distillation token; its two heads on rows 0 and 1, averaged.
// RUN: tfm-opt %tfm_src_root/models/deit-base-distilled-patch16-224/deit-base-distilled-patch16-224.mlir --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=DEIT
// DEIT: tensor<?x3x224x224xf32> {tfm.name = "pixel_values"}) -> (tensor<?x198x768xf32> {tfm.name = "last_hidden_state"}, tensor<?x1000xf32> {tfm.name = "logits"})
// DEIT: tfm.param "embeddings.distillation_token" : tensor<1x1x768xf32>
// DEIT: tfm.param "embeddings.position_embeddings" : tensor<1x198x768xf32>
// DEIT: tfm.patch_embed {{.*}} -> tensor<?x196x768xf32>
// DEIT-COUNT-12: tfm.softmax {{.*}} : tensor<?x12x198x198xf32>
// DEIT-NOT: tfm.softmax
// DEIT-NOT: tfm.masked_softmax
// DEIT: tensor.extract_slice {{.*}}[0, 1, 0] {{.*}} : tensor<?x198x768xf32> to tensor<?x768xf32>
// DEIT: tfm.linear {{.*}} -> tensor<?x1000xf32>
// DEIT-NEXT: tfm.linear {{.*}} -> tensor<?x1000xf32>
// DEIT-NEXT: tfm.add
// DEIT-NEXT: tfm.scale {{.*}} by 5.000000e-01 : tensor<?x1000xf32>

// openai-gpt as published (OpenAIGPTLMHeadModel): 12 post-LN layers whose
// attentions all fuse, no final layer norm before the tied LM head.
// RUN: tfm-opt %tfm_src_root/models/openai-gpt/openai-gpt.mlir --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=OPENAI-GPT
// OPENAI-GPT: func.func @forward(%{{[^:]+}}: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x40478xf32> {tfm.name = "logits"})
// OPENAI-GPT: %[[WTE:[^ ]+]] = tfm.param "tokens_embed.weight" : tensor<40478x768xf32>
// OPENAI-GPT: tfm.param "positions_embed.weight" : tensor<512x768xf32>
// OPENAI-GPT-COUNT-12: tfm.masked_softmax {{.*}} scale 1.250000e-01 : (tensor<?x12x?x?xf32>, tensor<?x?xi1>)
// OPENAI-GPT-NOT: tfm.softmax
// OPENAI-GPT-NOT: tfm.masked_softmax
// OPENAI-GPT: tfm.mlp
// OPENAI-GPT-NEXT: tfm.add
// OPENAI-GPT-NEXT: tfm.layer_norm
// OPENAI-GPT-NEXT: tfm.yield
// OPENAI-GPT-NEXT: }
// OPENAI-GPT-NEXT: tfm.linear %{{[^,]+}}, %[[WTE]] layout <out_in> : (tensor<?x?x768xf32>, tensor<40478x768xf32>) -> tensor<?x?x40478xf32>
// OPENAI-GPT-NEXT: return

// distilbert-base-uncased as published (DistilBertForMaskedLM): 6 post-LN
// layers whose attentions all fuse, then the vocab_* head tied to the word
// embeddings.
// RUN: tfm-opt %tfm_src_root/models/distilbert-base-uncased/distilbert-base-uncased.mlir --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=DISTILBERT
// DISTILBERT: -> (tensor<?x?x30522xf32> {tfm.name = "logits"})
// DISTILBERT: %[[WORD:[^ ]+]] = tfm.param "embeddings.word_embeddings.weight" : tensor<30522x768xf32>
// DISTILBERT: tfm.param "transformer.layer.5.output_layer_norm.bias" : tensor<768xf32>
// DISTILBERT-COUNT-6: tfm.masked_softmax {{.*}} scale 1.250000e-01 : (tensor<?x12x?x?xf32>, tensor<?x1x1x?xf32>)
// DISTILBERT-NOT: tfm.softmax
// DISTILBERT-NOT: tfm.masked_softmax
// DISTILBERT: tfm.gelu
// DISTILBERT-NEXT: tfm.layer_norm
// DISTILBERT-NEXT: tfm.linear %{{[^,]+}}, %[[WORD]], %{{[^ ]+}} layout <out_in> : (tensor<?x?x768xf32>, tensor<30522x768xf32>, tensor<30522xf32>) -> tensor<?x?x30522xf32>
// DISTILBERT-NEXT: return

// roberta-base (RobertaModel): positions past pad_token_id 1, 12 fused
// attentions, BERT's pooler.
// RUN: tfm-opt %tfm_src_root/models/roberta-base/roberta-base.mlir --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=ROBERTA
// ROBERTA: tensor<?x?x768xf32> {tfm.name = "last_hidden_state"}, tensor<?x768xf32> {tfm.name = "pooler_output"}
// ROBERTA: tfm.param "embeddings.word_embeddings.weight" : tensor<50265x768xf32>
// ROBERTA: tfm.param "embeddings.position_embeddings.weight" : tensor<514x768xf32>
// ROBERTA: tfm.param "embeddings.token_type_embeddings.weight" : tensor<1x768xf32>
// ROBERTA: tfm.position_ids %{{[^ ]+}} padding 1 : tensor<?x?xi64>
// ROBERTA-COUNT-12: tfm.masked_softmax {{.*}} scale 1.250000e-01 : (tensor<?x12x?x?xf32>, tensor<?x1x1x?xf32>)
// ROBERTA-NOT: tfm.softmax
// ROBERTA-NOT: tfm.masked_softmax
// ROBERTA: tfm.cls_token

// CLIP's text encoder: 12 layers of masked attention fuse into tfm.attention
// with the shared [B, 1, T, T] mask, each MLP into fc1 with quick_gelu and
// fc2 with the residual; the pooled output is the row at the largest id.
// RUN: tfm-opt %tfm_src_root/models/clip-text-vit-b-32/clip-text-vit-b-32.mlir --tfm-fuse-masked-softmax --tfm-fuse-attention --tfm-fuse-linear | FileCheck %s --check-prefix=CLIP
// CLIP: tensor<?x?xi64> {tfm.name = "input_ids"}, %{{[^:]+}}: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"}) -> (tensor<?x?x512xf32> {tfm.name = "last_hidden_state"}, tensor<?x512xf32> {tfm.name = "pooler_output"})
// CLIP: tfm.param "text_model.embeddings.token_embedding.weight" : tensor<49408x512xf32>
// CLIP: tfm.param "text_model.embeddings.position_embedding.weight" : tensor<77x512xf32>
// CLIP: tfm.param "text_model.encoder.layers.11.mlp.fc2.bias" : tensor<512xf32>
// CLIP-COUNT-12: tfm.attention {{.*}} heads 8 scale 1.250000e-01 : {{.*}}tensor<?x1x?x?xf32>) -> tensor<?x?x512xf32>
// CLIP-NOT: tfm.softmax
// CLIP-NOT: tfm.attention
// CLIP: tfm.argmax
// CLIP-NEXT: tfm.token_at {{.*}} -> tensor<?x512xf32>

// t5-small's encoder: 6 pre-norm layers whose attentions all reach
// tfm.attention unscaled, with one [B, 8, T, T] mask (the relative position
// bias of layer 0's table plus the padding mask) made once.
// RUN: tfm-opt %tfm_src_root/models/t5-small/t5-small.mlir --tfm-fuse-masked-softmax --tfm-fuse-attention --tfm-fuse-linear | FileCheck %s --check-prefix=T5-SMALL
// T5-SMALL: -> (tensor<?x?x512xf32> {tfm.name = "last_hidden_state"})
// T5-SMALL: tfm.param "shared.weight" : tensor<32128x512xf32> aliases ["encoder.embed_tokens.weight"]
// T5-SMALL: %[[FLN:[^ ]+]] = tfm.param "encoder.final_layer_norm.weight" : tensor<512xf32>
// T5-SMALL: %[[BIAS:.*]] = tfm.relative_position_bias {{.*}} max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
// T5-SMALL: %[[MASK:.*]] = tfm.add %[[BIAS]], %{{.*}} -> tensor<?x8x?x?xf32>
// T5-SMALL-COUNT-6: tfm.attention {{.*}} mask %[[MASK]] heads 8 scale 1.000000e+00 : (tensor<?x?x512xf32>, tensor<?x?x512xf32>, tensor<?x?x512xf32>, tensor<?x8x?x?xf32>) -> tensor<?x?x512xf32>
// T5-SMALL-NOT: tfm.softmax
// T5-SMALL-NOT: tfm.attention
// T5-SMALL: %[[OUT:[^ ]+]] = tfm.rms_norm %{{[^,]+}}, %[[FLN]] eps 9.9999999999999995E-7
// T5-SMALL-NEXT: return %[[OUT]]

// SmolLM-135M: 30 identical layers of grouped-query attention (9 heads of
// 64 over 3 key/value heads: 192-wide keys and values), the rotary
// embedding of queries and keys, the SwiGLU MLP, and the head tied to the
// token embedding.
// RUN: tfm-opt %tfm_src_root/models/smollm-135m/smollm-135m.mlir --tfm-fuse-masked-softmax --tfm-fuse-attention --tfm-fuse-linear | FileCheck %s --check-prefix=SMOLLM
// SMOLLM: -> (tensor<?x?x49152xf32> {tfm.name = "logits"})
// SMOLLM: %[[EMB:[^ ]+]] = tfm.param "embed_tokens.weight" : tensor<49152x576xf32> aliases ["model.embed_tokens.weight"]
// SMOLLM: tfm.param "layers.0.self_attn.k_proj.weight" : tensor<192x576xf32>
// SMOLLM: tfm.param "layers.29.mlp.down_proj.weight" : tensor<576x1536xf32>
// SMOLLM-NOT: lm_head
// SMOLLM-COUNT-30: tfm.attention {{.*}} heads 9 scale 1.250000e-01 : (tensor<?x?x576xf32>, tensor<?x?x192xf32>, tensor<?x?x192xf32>, tensor<?x?xi1>) -> tensor<?x?x576xf32>
// SMOLLM-NOT: tfm.attention
// SMOLLM: tfm.linear %{{[^,]+}}, %[[EMB]] layout <out_in> : (tensor<?x?x576xf32>, tensor<49152x576xf32>) -> tensor<?x?x49152xf32>
// SMOLLM-NEXT: return
