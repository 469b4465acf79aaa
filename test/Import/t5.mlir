// Imports a tiny 2-layer T5 encoder config (make_reference.py's tiny t5:
// d_model 30, 5 heads of d_kv 7 (35 inner), d_ff 44, 16 buckets up to
// distance 20, 99 ids) and checks the signature, the parameters, the one
// additive mask all layers share (layer 0's relative position bias plus
// the padding mask), one pre-norm block op by op (RMS norms, linears
// without bias, unscaled scores), and the final layer norm.

// RUN: tfm-import %S/Inputs/tiny-t5.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-t5.json | tfm-opt --tfm-fuse-masked-softmax --tfm-fuse-attention --tfm-fuse-linear | FileCheck %s --check-prefix=FUSED
// RUN: tfm-import %S/Inputs/tiny-t5-gated.json | FileCheck %s --check-prefix=GATED
// RUN: tfm-import %S/Inputs/tiny-t5-gated.json | tfm-opt --tfm-fuse-masked-softmax --tfm-fuse-attention --tfm-fuse-linear | FileCheck %s --check-prefix=GATED-FUSED
// RUN: tfm-import %S/Inputs/tiny-t5-defaults.json | FileCheck %s --check-prefix=DEFAULTS

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"},
// CHECK-SAME: %[[AM:[^:]+]]: tensor<?x?xi64> {tfm.default = "ones", tfm.name = "attention_mask"})
// CHECK-SAME: -> (tensor<?x?x30xf32> {tfm.name = "last_hidden_state"})
// CHECK-NEXT: %[[EMB:[^ ]+]] = tfm.param "shared.weight" : tensor<99x30xf32> aliases ["encoder.embed_tokens.weight"]
// CHECK-NEXT: %[[TABLE:[^ ]+]] = tfm.param "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight" : tensor<16x5xf32>
// CHECK-NEXT: %[[LN0:[^ ]+]] = tfm.param "encoder.block.0.layer.0.layer_norm.weight" : tensor<30xf32>
// CHECK-NEXT: %[[QW:[^ ]+]] = tfm.param "encoder.block.0.layer.0.SelfAttention.q.weight" : tensor<35x30xf32>
// CHECK-NEXT: %[[KW:[^ ]+]] = tfm.param "encoder.block.0.layer.0.SelfAttention.k.weight" : tensor<35x30xf32>
// CHECK-NEXT: %[[VW:[^ ]+]] = tfm.param "encoder.block.0.layer.0.SelfAttention.v.weight" : tensor<35x30xf32>
// CHECK-NEXT: %[[OW:[^ ]+]] = tfm.param "encoder.block.0.layer.0.SelfAttention.o.weight" : tensor<30x35xf32>
// CHECK-NEXT: %[[LN1:[^ ]+]] = tfm.param "encoder.block.0.layer.1.layer_norm.weight" : tensor<30xf32>
// CHECK-NEXT: %[[WI:[^ ]+]] = tfm.param "encoder.block.0.layer.1.DenseReluDense.wi.weight" : tensor<44x30xf32>
// CHECK-NEXT: %[[WO:[^ ]+]] = tfm.param "encoder.block.0.layer.1.DenseReluDense.wo.weight" : tensor<30x44xf32>
// CHECK-NEXT: tfm.param "encoder.block.1.layer.0.layer_norm.weight"
// CHECK-NOT:  relative_attention_bias
// CHECK:      %[[FINAL:[^ ]+]] = tfm.param "encoder.final_layer_norm.weight" : tensor<30xf32>

// One mask for all layers: the bias [1, H, T, T] plus the padding mask.
// CHECK:      %[[T:.*]] = tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK-NEXT: %[[BIAS:.*]] = tfm.relative_position_bias %[[TABLE]] queries %[[T]] keys %[[T]] max_distance 20 bidirectional : tensor<16x5xf32> -> tensor<1x5x?x?xf32>
// CHECK-NEXT: %[[PAD:.*]] = tfm.padding_mask %[[AM]] : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
// CHECK-NEXT: %[[MASK:.*]] = tfm.add %[[BIAS]], %[[PAD]] : (tensor<1x5x?x?xf32>, tensor<?x1x1x?xf32>) -> tensor<?x5x?x?xf32>
// CHECK-NEXT: %[[H0:.*]] = tfm.embedding %[[EMB]][%[[IDS]]]

// CHECK-NEXT: %[[H1:.*]] = tfm.layer "encoder.block.0" -> tensor<?x?x30xf32> {
// CHECK-NEXT:   %[[N:.*]] = tfm.rms_norm %[[H0]], %[[LN0]] eps 9.9999999999999995E-7
// CHECK-NEXT:   %[[Q:.*]] = tfm.linear %[[N]], %[[QW]] layout <out_in> : (tensor<?x?x30xf32>, tensor<35x30xf32>) -> tensor<?x?x35xf32>
// CHECK-NEXT:   %[[K:.*]] = tfm.linear %[[N]], %[[KW]] layout <out_in>
// CHECK-NEXT:   %[[V:.*]] = tfm.linear %[[N]], %[[VW]] layout <out_in>
// CHECK-NEXT:   %[[QH:.*]] = tfm.split_heads %[[Q]] heads 5 : tensor<?x?x35xf32> -> tensor<?x5x?x7xf32>
// CHECK-NEXT:   %[[KH:.*]] = tfm.split_heads %[[K]] heads 5
// CHECK-NEXT:   %[[VH:.*]] = tfm.split_heads %[[V]] heads 5
// CHECK-NEXT:   %[[S:.*]] = tfm.matmul %[[QH]], %[[KH]] transpose_rhs
// CHECK-NEXT:   %[[SM:.*]] = tfm.add %[[S]], %[[MASK]] : (tensor<?x5x?x?xf32>, tensor<?x5x?x?xf32>) -> tensor<?x5x?x?xf32>
// CHECK-NEXT:   %[[P:.*]] = tfm.softmax %[[SM]]
// CHECK-NEXT:   %[[C:.*]] = tfm.matmul %[[P]], %[[VH]]
// CHECK-NEXT:   %[[CM:.*]] = tfm.merge_heads %[[C]] : tensor<?x5x?x7xf32> -> tensor<?x?x35xf32>
// CHECK-NEXT:   %[[O:.*]] = tfm.linear %[[CM]], %[[OW]] layout <out_in> : (tensor<?x?x35xf32>, tensor<30x35xf32>) -> tensor<?x?x30xf32>
// CHECK-NEXT:   %[[R1:.*]] = tfm.add %[[H0]], %[[O]]
// CHECK-NEXT:   %[[N2:.*]] = tfm.rms_norm %[[R1]], %[[LN1]] eps 9.9999999999999995E-7
// CHECK-NEXT:   %[[I:.*]] = tfm.linear %[[N2]], %[[WI]] layout <out_in> activation <relu> : (tensor<?x?x30xf32>, tensor<44x30xf32>) -> tensor<?x?x44xf32>
// CHECK-NEXT:   %[[F:.*]] = tfm.linear %[[I]], %[[WO]] layout <out_in> : (tensor<?x?x44xf32>, tensor<30x44xf32>) -> tensor<?x?x30xf32>
// CHECK-NEXT:   %[[R2:.*]] = tfm.add %[[R1]], %[[F]]
// CHECK-NEXT:   tfm.yield %[[R2]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[H2:.*]] = tfm.layer "encoder.block.1"
// CHECK:      tfm.add %{{[^,]+}}, %[[MASK]]
// CHECK:      %[[LAST:.*]] = tfm.rms_norm %[[H2]], %[[FINAL]] eps 9.9999999999999995E-7
// CHECK-NEXT: return %[[LAST]]

// Each layer's attention reaches tfm.attention (the FlashAttention kernel)
// unscaled, with the [B, H, T, T] mask; the residuals fold into o and wo.
// FUSED-COUNT-2: tfm.attention {{.*}} mask %{{.*}} heads 5 scale 1.000000e+00 : (tensor<?x?x35xf32>, tensor<?x?x35xf32>, tensor<?x?x35xf32>, tensor<?x5x?x?xf32>) -> tensor<?x?x35xf32>
// FUSED-NOT: tfm.softmax
// FUSED-NOT: tfm.masked_softmax
// FUSED: tfm.linear {{.*}} layout <out_in> activation <relu>
// FUSED-NEXT: tfm.linear {{.*}} layout <out_in> residual

// feed_forward_proj "gated-gelu": wi_0 through gelu_new gates wi_1; the
// attention is 3 heads of 5 (15 wide) in a 28-wide model.
// GATED: tfm.param "encoder.block.0.layer.0.SelfAttention.q.weight" : tensor<15x28xf32>
// GATED: %[[WI0:[^ ]+]] = tfm.param "encoder.block.0.layer.1.DenseReluDense.wi_0.weight" : tensor<36x28xf32>
// GATED-NEXT: %[[WI1:[^ ]+]] = tfm.param "encoder.block.0.layer.1.DenseReluDense.wi_1.weight" : tensor<36x28xf32>
// GATED-NEXT: %[[WO:[^ ]+]] = tfm.param "encoder.block.0.layer.1.DenseReluDense.wo.weight" : tensor<28x36xf32>
// GATED: tfm.relative_position_bias %{{[^ ]+}} queries %{{[^ ]+}} keys %{{[^ ]+}} max_distance 18 bidirectional : tensor<12x3xf32> -> tensor<1x3x?x?xf32>
// GATED: %[[N:.*]] = tfm.rms_norm
// GATED: %[[N2:.*]] = tfm.rms_norm
// GATED-NEXT: %[[G:.*]] = tfm.linear %[[N2]], %[[WI0]] layout <out_in> : (tensor<?x?x28xf32>, tensor<36x28xf32>) -> tensor<?x?x36xf32>
// GATED-NEXT: %[[U:.*]] = tfm.linear %[[N2]], %[[WI1]] layout <out_in> : (tensor<?x?x28xf32>, tensor<36x28xf32>) -> tensor<?x?x36xf32>
// GATED-NEXT: %[[A:.*]] = tfm.gated_activation %[[G]], %[[U]] activation <gelu_tanh> : tensor<?x?x36xf32>
// GATED-NEXT: tfm.linear %[[A]], %[[WO]] layout <out_in> : (tensor<?x?x36xf32>, tensor<28x36xf32>) -> tensor<?x?x28xf32>
// GATED-FUSED-COUNT-2: tfm.attention {{.*}} heads 3 scale 1.000000e+00 : {{.*}}tensor<?x3x?x?xf32>) -> tensor<?x?x15xf32>
// GATED-FUSED-NOT: tfm.softmax

// Without relative_attention_num_buckets, relative_attention_max_distance
// and feed_forward_proj: T5Config's defaults, 32, 128 and "relu".
// DEFAULTS: tfm.param "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight" : tensor<32x5xf32>
// DEFAULTS: tfm.relative_position_bias {{.*}} max_distance 128 bidirectional
// DEFAULTS: activation <relu>
