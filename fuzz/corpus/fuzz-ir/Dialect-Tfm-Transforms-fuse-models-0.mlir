// The fusions on the real-size models in models/: masks into the softmax,
// every layer's attention chain into tfm.attention, and the bias, GELU and
// residual adds around the linear layers into tfm.linear.
//
// Per layer, every model has one attention, a residual add after the
// attention's output projection and one after the MLP (2 × 12 = 24
// linears with a residual) and one GELU (12 linears with a GELU
// activation). What remains of tfm.add is the embeddings' sums.

// RUN: tfm-opt %tfm_src_root/models/gpt2/gpt2.mlir -o %t.gpt2.mlir --pass-pipeline='builtin.module(func.func(tfm-fuse-masked-softmax,tfm-fuse-attention,tfm-fuse-linear))'
// RUN: FileCheck %s --check-prefix=GPT2 --implicit-check-not=tfm.softmax --implicit-check-not=tfm.masked_softmax --implicit-check-not=tfm.split_heads --implicit-check-not=tfm.merge_heads --implicit-check-not=tfm.matmul --implicit-check-not=tfm.mlp --implicit-check-not=tfm.gelu --implicit-check-not=tfm.select --implicit-check-not=tfm.scale --implicit-check-not=tfm.add < %t.gpt2.mlir
// RUN: FileCheck %s --check-prefix=ATTENTION < %t.gpt2.mlir
// RUN: FileCheck %s --check-prefix=RESIDUAL < %t.gpt2.mlir
// RUN: FileCheck %s --check-prefix=TANH < %t.gpt2.mlir

// RUN: tfm-opt %tfm_src_root/models/bert-base-uncased/bert-base-uncased.mlir -o %t.bert.mlir --pass-pipeline='builtin.module(func.func(tfm-fuse-masked-softmax,tfm-fuse-attention,tfm-fuse-linear))'
// RUN: FileCheck %s --check-prefix=BERT --implicit-check-not=tfm.softmax --implicit-check-not=tfm.masked_softmax --implicit-check-not=tfm.split_heads --implicit-check-not=tfm.merge_heads --implicit-check-not=tfm.matmul --implicit-check-not=tfm.mlp --implicit-check-not=tfm.gelu --implicit-check-not=tfm.select --implicit-check-not=tfm.scale --implicit-check-not=tfm.add < %t.bert.mlir
// RUN: FileCheck %s --check-prefix=ATTENTION < %t.bert.mlir
// RUN: FileCheck %s --check-prefix=RESIDUAL < %t.bert.mlir
// RUN: FileCheck %s --check-prefix=ERF < %t.bert.mlir

// RUN: tfm-opt %tfm_src_root/models/vit-base-patch16-224/vit-base-patch16-224.mlir -o %t.vit.mlir --pass-pipeline='builtin.module(func.func(tfm-fuse-masked-softmax,tfm-fuse-attention,tfm-fuse-linear))'
// RUN: FileCheck %s --check-prefix=VIT --implicit-check-not=tfm.softmax --implicit-check-not=tfm.masked_softmax --implicit-check-not=tfm.split_heads --implicit-check-not=tfm.merge_heads --implicit-check-not=tfm.matmul --implicit-check-not=tfm.mlp --implicit-check-not=tfm.gelu --implicit-check-not=tfm.select --implicit-check-not=tfm.scale --implicit-check-not=tfm.add < %t.vit.mlir
// RUN: FileCheck %s --check-prefix=ATTENTION < %t.vit.mlir
// RUN: FileCheck %s --check-prefix=RESIDUAL < %t.vit.mlir
// RUN: FileCheck %s --check-prefix=ERF < %t.vit.mlir

// Counts, the same in the three models.
// ATTENTION-COUNT-12: tfm.attention
// ATTENTION-NOT: tfm.attention

// RESIDUAL-COUNT-24: tfm.linear {{.*}} residual
// RESIDUAL-NOT: residual

// TANH-COUNT-12: tfm.linear {{.*}} activation <gelu_tanh>
// TANH-NOT: activation <gelu

// ERF-COUNT-12: tfm.linear {{.*}} activation <gelu_erf>
// ERF-NOT: activation <gelu

// GPT-2 (pre-norm): the causal keep-mask; the attention output projection
// adds the residual stream, whose layer norm feeds the MLP; the MLP is a
// tanh-GELU linear and a linear adding the stream again.
// GPT2:      %[[KEEP:.*]] = tfm.causal_mask
// GPT2:      %[[EMB:.*]] = tfm.add
// GPT2:      %[[QKV:.*]] = tfm.linear
// GPT2:      %[[ATT:.*]] = tfm.attention %{{.*}}, %{{.*}}, %{{.*}} mask %[[KEEP]] heads 12 scale 1.250000e-01 : (tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?xi1>) -> tensor<?x?x768xf32>
// GPT2-NEXT: %[[H1:.*]] = tfm.linear %[[ATT]], %{{.*}}, %{{.*}} layout <in_out> residual %[[EMB]] : (tensor<?x?x768xf32>, tensor<768x768xf32>, tensor<768xf32>, tensor<?x?x768xf32>) -> tensor<?x?x768xf32>
// GPT2-NEXT: %[[LN2:.*]] = tfm.layer_norm %[[H1]]
// GPT2-NEXT: %[[FC:.*]] = tfm.linear %[[LN2]], %{{.*}}, %{{.*}} layout <in_out> activation <gelu_tanh> : (tensor<?x?x768xf32>, tensor<768x3072xf32>, tensor<3072xf32>) -> tensor<?x?x3072xf32>
// GPT2-NEXT: %[[H2:.*]] = tfm.linear %[[FC]], %{{.*}}, %{{.*}} layout <in_out> residual %[[H1]] : (tensor<?x?x3072xf32>, tensor<3072x768xf32>, tensor<768xf32>, tensor<?x?x768xf32>) -> tensor<?x?x768xf32>
// GPT2-NEXT: tfm.layer_norm %[[H2]]
// GPT2-COUNT-11: tfm.attention {{.*}} mask %[[KEEP]] heads 12 scale 1.250000e-01
// GPT2:      tfm.linear {{.*}} layout <out_in> : (tensor<?x?x768xf32>, tensor<50257x768xf32>) -> tensor<?x?x50257xf32>
// GPT2-NEXT: return

// BERT (post-norm): the additive padding mask; the attention output
// projection adds the layer's input, and the layer norm reads that linear
// (as it read the add); the MLP's output linear adds the layer norm's result.
// BERT:      %[[PAD:.*]] = tfm.padding_mask
// BERT:      tfm.add
// BERT:      tfm.add
// BERT:      %[[X:.*]] = tfm.layer_norm
// BERT:      %[[ATT:.*]] = tfm.attention %{{.*}}, %{{.*}}, %{{.*}} mask %[[PAD]] heads 12 scale 1.250000e-01 : (tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x?x768xf32>, tensor<?x1x1x?xf32>) -> tensor<?x?x768xf32>
// BERT-NEXT: %[[H1:.*]] = tfm.linear %[[ATT]], %{{.*}}, %{{.*}} layout <out_in> residual %[[X]] : (tensor<?x?x768xf32>, tensor<768x768xf32>, tensor<768xf32>, tensor<?x?x768xf32>) -> tensor<?x?x768xf32>
// BERT-NEXT: %[[N1:.*]] = tfm.layer_norm %[[H1]]
// BERT-NEXT: %[[FC:.*]] = tfm.linear %[[N1]], %{{.*}}, %{{.*}} layout <out_in> activation <gelu_erf> : (tensor<?x?x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<?x?x3072xf32>
// BERT-NEXT: %[[H2:.*]] = tfm.linear %[[FC]], %{{.*}}, %{{.*}} layout <out_in> residual %[[N1]] : (tensor<?x?x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>, tensor<?x?x768xf32>) -> tensor<?x?x768xf32>
// BERT-NEXT: tfm.layer_norm %[[H2]]
// BERT-COUNT-11: tfm.attention {{.*}} mask %[[PAD]] heads 12 scale 1.250000e-01
// BERT:      tfm.cls_token
// BERT-NEXT: tfm.linear {{.*}} layout <out_in> activation <tanh> : (tensor<?x768xf32>, tensor<768x768xf32>, tensor<768xf32>) -> tensor<?x768xf32>
// BERT-NEXT: return

// ViT (pre-norm, no mask): softmax(scale(scores)) becomes an unmasked
// attention with the scale.
// VIT:      %[[EMB:.*]] = tfm.add
// VIT:      %[[ATT:.*]] = tfm.attention %{{.*}}, %{{.*}}, %{{.*}} heads 12 scale 1.250000e-01 : (tensor<?x197x768xf32>, tensor<?x197x768xf32>, tensor<?x197x768xf32>) -> tensor<?x197x768xf32>
// VIT-NEXT: %[[H1:.*]] = tfm.linear %[[ATT]], %{{.*}}, %{{.*}} layout <out_in> residual %[[EMB]] : (tensor<?x197x768xf32>, tensor<768x768xf32>, tensor<768xf32>, tensor<?x197x768xf32>) -> tensor<?x197x768xf32>
// VIT-NEXT: %[[LN2:.*]] = tfm.layer_norm %[[H1]]
// VIT-NEXT: %[[FC:.*]] = tfm.linear %[[LN2]], %{{.*}}, %{{.*}} layout <out_in> activation <gelu_erf> : (tensor<?x197x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<?x197x3072xf32>
// VIT-NEXT: %[[H2:.*]] = tfm.linear %[[FC]], %{{.*}}, %{{.*}} layout <out_in> residual %[[H1]] : (tensor<?x197x3072xf32>, tensor<768x3072xf32>, tensor<768xf32>, tensor<?x197x768xf32>) -> tensor<?x197x768xf32>
// VIT-NEXT: tfm.layer_norm %[[H2]]
// VIT-COUNT-11: tfm.attention {{.*}} heads 12 scale 1.250000e-01 :
// VIT:      tfm.cls_token
// VIT-NEXT: tfm.linear {{.*}} layout <out_in> : (tensor<?x768xf32>, tensor<1000x768xf32>, tensor<1000xf32>) -> tensor<?x1000xf32>
// VIT-NEXT: return

