// Imports a tiny 2-layer GPT-2 config (the shapes of make_reference.py's
// tiny gpt2: V=97, P=32, D=36, 3 heads of 12) and checks the signature, the
// parameters, one layer op by op, the second layer's reuse of the shared
// mask, and the tied LM head. The importer's attention must be what
// tfm-fuse-masked-softmax fuses (FUSED).

// RUN: tfm-import %S/Inputs/tiny-gpt2.json | FileCheck %s
// RUN: tfm-import %S/Inputs/tiny-gpt2.json | FileCheck %s --check-prefix=PARAMS
// RUN: tfm-import %S/Inputs/tiny-gpt2.json | tfm-opt --tfm-fuse-masked-softmax | FileCheck %s --check-prefix=FUSED
// RUN: tfm-import %S/Inputs/tiny-gpt2-inner.json | FileCheck %s --check-prefix=INNER
// RUN: tfm-import %S/Inputs/tiny-gpt2.json -o %t.mlir
// RUN: tfm-opt %t.mlir | FileCheck %s

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x97xf32> {tfm.name = "logits"})
// CHECK-NEXT: %[[WTE:[^ ]+]] = tfm.param "wte.weight" : tensor<97x36xf32>
// CHECK-NEXT: %[[WPE:[^ ]+]] = tfm.param "wpe.weight" : tensor<32x36xf32>
// CHECK-NEXT: %[[LN1W:[^ ]+]] = tfm.param "h.0.ln_1.weight" : tensor<36xf32>
// CHECK-NEXT: %[[LN1B:[^ ]+]] = tfm.param "h.0.ln_1.bias" : tensor<36xf32>
// CHECK-NEXT: %[[ATTW:[^ ]+]] = tfm.param "h.0.attn.c_attn.weight" : tensor<36x108xf32>
// CHECK-NEXT: %[[ATTB:[^ ]+]] = tfm.param "h.0.attn.c_attn.bias" : tensor<108xf32>
// CHECK-NEXT: %[[PRJW:[^ ]+]] = tfm.param "h.0.attn.c_proj.weight" : tensor<36x36xf32>
// CHECK-NEXT: %[[PRJB:[^ ]+]] = tfm.param "h.0.attn.c_proj.bias" : tensor<36xf32>
// CHECK-NEXT: %[[LN2W:[^ ]+]] = tfm.param "h.0.ln_2.weight" : tensor<36xf32>
// CHECK-NEXT: %[[LN2B:[^ ]+]] = tfm.param "h.0.ln_2.bias" : tensor<36xf32>
// CHECK-NEXT: %[[FCW:[^ ]+]] = tfm.param "h.0.mlp.c_fc.weight" : tensor<36x144xf32>
// CHECK-NEXT: %[[FCB:[^ ]+]] = tfm.param "h.0.mlp.c_fc.bias" : tensor<144xf32>
// CHECK-NEXT: %[[MPW:[^ ]+]] = tfm.param "h.0.mlp.c_proj.weight" : tensor<144x36xf32>
// CHECK-NEXT: %[[MPB:[^ ]+]] = tfm.param "h.0.mlp.c_proj.bias" : tensor<36xf32>
// CHECK:      %[[H1LN1W:[^ ]+]] = tfm.param "h.1.ln_1.weight" : tensor<36xf32>
// CHECK:      %[[LNFW:[^ ]+]] = tfm.param "ln_f.weight" : tensor<36xf32>
// CHECK-NEXT: %[[LNFB:[^ ]+]] = tfm.param "ln_f.bias" : tensor<36xf32>

// Shared by the layers: B and T of input_ids, the causal keep-mask, the fill.
// CHECK-NEXT: %[[C0:[^ ]+]] = arith.constant 0 : index
// CHECK-NEXT: %[[B:[^ ]+]] = tensor.dim %[[IDS]], %[[C0]] : tensor<?x?xi64>
// CHECK-NEXT: %[[C1:[^ ]+]] = arith.constant 1 : index
// CHECK-NEXT: %[[T:[^ ]+]] = tensor.dim %[[IDS]], %[[C1]] : tensor<?x?xi64>
// CHECK-NEXT: %[[KEEP:[^ ]+]] = tfm.causal_mask %[[T]] : tensor<?x?xi1>
// CHECK-NEXT: %[[FILL:[^ ]+]] = arith.constant dense<-3.40282347E+38> : tensor<f32>

// Embeddings.
// CHECK-NEXT: %[[TOK:[^ ]+]] = tfm.embedding %[[WTE]][%[[IDS]]] : tensor<97x36xf32>, tensor<?x?xi64> -> tensor<?x?x36xf32>
// CHECK-NEXT: %[[POS:[^ ]+]] = tfm.position_ids %[[IDS]] : tensor<?x?xi64>
// CHECK-NEXT: %[[PE:[^ ]+]] = tfm.embedding %[[WPE]][%[[POS]]] : tensor<32x36xf32>, tensor<?x?xi64> -> tensor<?x?x36xf32>
// CHECK-NEXT: %[[H0:[^ ]+]] = tfm.add %[[TOK]], %[[PE]] : (tensor<?x?x36xf32>, tensor<?x?x36xf32>) -> tensor<?x?x36xf32>

// Layer 0, attention (pre-LN, fused qkv projection sliced along the last dim),
// in a tfm.layer that yields the new hidden state.
// CHECK-NEXT: %[[L0:[^ ]+]] = tfm.layer "h.0" -> tensor<?x?x36xf32> {
// CHECK-NEXT: %[[A:[^ ]+]] = tfm.layer_norm %[[H0]], %[[LN1W]], %[[LN1B]] eps 1.000000e-05 : (tensor<?x?x36xf32>, tensor<36xf32>, tensor<36xf32>) -> tensor<?x?x36xf32>
// CHECK-NEXT: %[[QKV:[^ ]+]] = tfm.linear %[[A]], %[[ATTW]], %[[ATTB]] layout <in_out> : (tensor<?x?x36xf32>, tensor<36x108xf32>, tensor<108xf32>) -> tensor<?x?x108xf32>
// CHECK-NEXT: %[[Q:[^ ]+]] = tensor.extract_slice %[[QKV]][0, 0, 0] [%[[B]], %[[T]], 36] [1, 1, 1] : tensor<?x?x108xf32> to tensor<?x?x36xf32>
// CHECK-NEXT: %[[K:[^ ]+]] = tensor.extract_slice %[[QKV]][0, 0, 36] [%[[B]], %[[T]], 36] [1, 1, 1] : tensor<?x?x108xf32> to tensor<?x?x36xf32>
// CHECK-NEXT: %[[V:[^ ]+]] = tensor.extract_slice %[[QKV]][0, 0, 72] [%[[B]], %[[T]], 36] [1, 1, 1] : tensor<?x?x108xf32> to tensor<?x?x36xf32>
// CHECK-NEXT: %[[QH:[^ ]+]] = tfm.split_heads %[[Q]] heads 3 : tensor<?x?x36xf32> -> tensor<?x3x?x12xf32>
// CHECK-NEXT: %[[KH:[^ ]+]] = tfm.split_heads %[[K]] heads 3 : tensor<?x?x36xf32> -> tensor<?x3x?x12xf32>
// CHECK-NEXT: %[[VH:[^ ]+]] = tfm.split_heads %[[V]] heads 3 : tensor<?x?x36xf32> -> tensor<?x3x?x12xf32>
// CHECK-NEXT: %[[S:[^ ]+]] = tfm.matmul %[[QH]], %[[KH]] transpose_rhs : (tensor<?x3x?x12xf32>, tensor<?x3x?x12xf32>) -> tensor<?x3x?x?xf32>
// 1/sqrt(12):
// CHECK-NEXT: %[[SC:[^ ]+]] = tfm.scale %[[S]] by 0.28867513459481292 : tensor<?x3x?x?xf32>
// CHECK-NEXT: %[[M:[^ ]+]] = tfm.select %[[KEEP]], %[[SC]], %[[FILL]] : (tensor<?x?xi1>, tensor<?x3x?x?xf32>, tensor<f32>) -> tensor<?x3x?x?xf32>
// CHECK-NEXT: %[[P:[^ ]+]] = tfm.softmax %[[M]] : tensor<?x3x?x?xf32>
// CHECK-NEXT: %[[CTXH:[^ ]+]] = tfm.matmul %[[P]], %[[VH]] : (tensor<?x3x?x?xf32>, tensor<?x3x?x12xf32>) -> tensor<?x3x?x12xf32>
// CHECK-NEXT: %[[CTX:[^ ]+]] = tfm.merge_heads %[[CTXH]] : tensor<?x3x?x12xf32> -> tensor<?x?x36xf32>
// CHECK-NEXT: %[[O:[^ ]+]] = tfm.linear %[[CTX]], %[[PRJW]], %[[PRJB]] layout <in_out> : (tensor<?x?x36xf32>, tensor<36x36xf32>, tensor<36xf32>) -> tensor<?x?x36xf32>
// CHECK-NEXT: %[[H1:[^ ]+]] = tfm.add %[[H0]], %[[O]] : (tensor<?x?x36xf32>, tensor<?x?x36xf32>) -> tensor<?x?x36xf32>

// Layer 0, MLP.
// CHECK-NEXT: %[[N:[^ ]+]] = tfm.layer_norm %[[H1]], %[[LN2W]], %[[LN2B]] eps 1.000000e-05
// CHECK-NEXT: %[[F:[^ ]+]] = tfm.mlp %[[N]], %[[FCW]], %[[FCB]], %[[MPW]], %[[MPB]] layout <in_out> approximate <tanh> : (tensor<?x?x36xf32>, tensor<36x144xf32>, tensor<144xf32>, tensor<144x36xf32>, tensor<36xf32>) -> tensor<?x?x36xf32>
// CHECK-NEXT: %[[H2:[^ ]+]] = tfm.add %[[H1]], %[[F]]
// CHECK-NEXT: tfm.yield %[[H2]] : tensor<?x?x36xf32>
// CHECK-NEXT: }

// Layer 1 starts from layer 0's output and reuses the shared mask and fill.
// CHECK-NEXT: %[[L1:[^ ]+]] = tfm.layer "h.1" -> tensor<?x?x36xf32> {
// CHECK-NEXT: %{{.+}} = tfm.layer_norm %[[L0]], %[[H1LN1W]],
// CHECK-NOT:  tfm.causal_mask
// CHECK-NOT:  arith.constant
// CHECK:      tfm.select %[[KEEP]], %{{.+}}, %[[FILL]]
// CHECK:      tfm.mlp
// CHECK-NEXT: %[[HL:[^ ]+]] = tfm.add
// CHECK-NEXT: tfm.yield %[[HL]] : tensor<?x?x36xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[HF:[^ ]+]] = tfm.layer_norm %[[L1]], %[[LNFW]], %[[LNFB]] eps 1.000000e-05

// Tied LM head: wte again, out_in, no bias.
// CHECK-NEXT: %[[LOGITS:[^ ]+]] = tfm.linear %[[HF]], %[[WTE]] layout <out_in> : (tensor<?x?x36xf32>, tensor<97x36xf32>) -> tensor<?x?x97xf32>
// CHECK-NEXT: return %[[LOGITS]] : tensor<?x?x97xf32>

// Every weight once, at the top, in checkpoint order (wte is not repeated for
// the LM head).
// PARAMS-LABEL: func.func @forward
// PARAMS-NEXT: tfm.param "wte.weight" : tensor<97x36xf32>
// PARAMS-NEXT: tfm.param "wpe.weight" : tensor<32x36xf32>
// PARAMS-NEXT: tfm.param "h.0.ln_1.weight" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.0.ln_1.bias" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.0.attn.c_attn.weight" : tensor<36x108xf32>
// PARAMS-NEXT: tfm.param "h.0.attn.c_attn.bias" : tensor<108xf32>
// PARAMS-NEXT: tfm.param "h.0.attn.c_proj.weight" : tensor<36x36xf32>
// PARAMS-NEXT: tfm.param "h.0.attn.c_proj.bias" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.0.ln_2.weight" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.0.ln_2.bias" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.0.mlp.c_fc.weight" : tensor<36x144xf32>
// PARAMS-NEXT: tfm.param "h.0.mlp.c_fc.bias" : tensor<144xf32>
// PARAMS-NEXT: tfm.param "h.0.mlp.c_proj.weight" : tensor<144x36xf32>
// PARAMS-NEXT: tfm.param "h.0.mlp.c_proj.bias" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.1.ln_1.weight" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.1.ln_1.bias" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.1.attn.c_attn.weight" : tensor<36x108xf32>
// PARAMS-NEXT: tfm.param "h.1.attn.c_attn.bias" : tensor<108xf32>
// PARAMS-NEXT: tfm.param "h.1.attn.c_proj.weight" : tensor<36x36xf32>
// PARAMS-NEXT: tfm.param "h.1.attn.c_proj.bias" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.1.ln_2.weight" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.1.ln_2.bias" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "h.1.mlp.c_fc.weight" : tensor<36x144xf32>
// PARAMS-NEXT: tfm.param "h.1.mlp.c_fc.bias" : tensor<144xf32>
// PARAMS-NEXT: tfm.param "h.1.mlp.c_proj.weight" : tensor<144x36xf32>
// PARAMS-NEXT: tfm.param "h.1.mlp.c_proj.bias" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "ln_f.weight" : tensor<36xf32>
// PARAMS-NEXT: tfm.param "ln_f.bias" : tensor<36xf32>
// PARAMS-NOT:  tfm.param

// Both layers' select/softmax chains become one masked_softmax each, with the
// causal keep-mask and the scale folded in.
// FUSED-LABEL: func.func @forward
// FUSED: %[[KEEP:[^ ]+]] = tfm.causal_mask
// FUSED-NOT: tfm.softmax
// FUSED: tfm.masked_softmax %{{.+}}, %[[KEEP]] scale 0.28867513459481292 : (tensor<?x3x?x?xf32>, tensor<?x?xi1>) -> tensor<?x3x?x?xf32>
// FUSED-NOT: tfm.softmax
// FUSED: tfm.masked_softmax %{{.+}}, %[[KEEP]] scale 0.28867513459481292
// FUSED-NOT: tfm.softmax
// FUSED-NOT: tfm.select

// n_inner given (20, not 4*8), activation "gelu" = erf, eps 1e-6, one layer.
// INNER-LABEL: func.func @forward(%{{[^:]+}}: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x11xf32> {tfm.name = "logits"})
// INNER-DAG: tfm.param "h.0.mlp.c_fc.weight" : tensor<8x20xf32>
// INNER-DAG: tfm.param "h.0.mlp.c_fc.bias" : tensor<20xf32>
// INNER-DAG: tfm.param "h.0.mlp.c_proj.weight" : tensor<20x8xf32>
// INNER-NOT: tfm.param "h.1.
// INNER: tfm.scale %{{.+}} by 5.000000e-01
// INNER: tfm.mlp {{.*}} layout <in_out> approximate <erf> : (tensor<?x?x8xf32>, tensor<8x20xf32>, tensor<20xf32>, tensor<20x8xf32>, tensor<8xf32>) -> tensor<?x?x8xf32>
// INNER: tfm.layer_norm {{.*}} eps 9.9999999999999995E-7
