// The fusions do not change what a model computes: small GPT-2-, BERT- and
// ViT-style layers (causal select, additive padding mask, no mask, no
// scale) and a GELU/residual epilogue, lowered through TfmToLinalg (which
// decomposes tfm.attention back into the unfused ops) and run, print the same
// values with and without tfm-fuse-masked-softmax, tfm-fuse-attention and
// tfm-fuse-linear. Every linear here has its bias already: fusing a bias add
// moves the bias into the accumulator, which reassociates the sum.

// RUN: tfm-opt %s --pass-pipeline='builtin.module(func.func(tfm-to-linalg),one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},buffer-deallocation-pipeline,convert-bufferization-to-memref,func.func(convert-linalg-to-loops),lower-affine,convert-scf-to-cf,expand-strided-metadata,convert-math-to-llvm,convert-math-to-libm,finalize-memref-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts)' | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.unfused
// RUN: tfm-opt %s --pass-pipeline='builtin.module(func.func(tfm-fuse-masked-softmax,tfm-fuse-attention,tfm-fuse-linear),func.func(tfm-to-linalg),one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},buffer-deallocation-pipeline,convert-bufferization-to-memref,func.func(convert-linalg-to-loops),lower-affine,convert-scf-to-cf,expand-strided-metadata,convert-math-to-llvm,convert-math-to-libm,finalize-memref-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts)' | mlir-cpu-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.fused
// RUN: grep -v '^Unranked' %t.unfused > %t.unfused.values
// RUN: grep -v '^Unranked' %t.fused > %t.fused.values
// RUN: diff %t.unfused.values %t.fused.values
// RUN: FileCheck %s --check-prefix=VALUES < %t.fused

// The fused module really is fused: 4 attentions, and no softmax, MLP, GELU
// or add left.
// RUN: tfm-opt %s --pass-pipeline='builtin.module(func.func(tfm-fuse-masked-softmax,tfm-fuse-attention,tfm-fuse-linear))' | FileCheck %s --check-prefix=FUSED --implicit-check-not=tfm.softmax --implicit-check-not=tfm.masked_softmax --implicit-check-not=tfm.mlp --implicit-check-not=tfm.gelu --implicit-check-not=tfm.add
// FUSED-COUNT-4: tfm.attention
// FUSED-NOT: tfm.attention

// Five finite [2, 3, 4] results.
// VALUES-COUNT-5: Unranked Memref {{.*}} sizes = [2, 3, 4]
// VALUES-NOT: nan
// VALUES-NOT: inf

func.func private @printMemrefF32(memref<*xf32>)
func.func @main() {
  // Inputs x [2, 3, 4], weights (w*, b*, layer norm g, be) and an
  // attention_mask %am that pads the last token of the second sequence.
  %x = arith.constant dense<[6.2865e-02, -6.6052e-02, 3.2021e-01, 5.2450e-02, -2.6783e-01, 1.8080e-01, 6.5200e-01, 4.7354e-01, -3.5187e-01, -6.3271e-01, -3.1164e-01, 2.0663e-02, -1.1625e+00, -1.0940e-01, -6.2296e-01, -3.6613e-01, -2.7213e-01, -1.5815e-01, 2.0582e-01, 5.2126e-01, -6.4267e-02, 6.8323e-01, -3.3260e-01, 1.7576e-01]> : tensor<24xf32>
  %x_r = tensor.expand_shape %x [[0, 1, 2]] output_shape [2, 3, 4] : tensor<24xf32> into tensor<2x3x4xf32>
  %wq = arith.constant dense<[4.5174e-01, 4.7006e-02, -3.7175e-01, -4.6086e-01, -2.2886e-01, 1.1010e-01, -5.0481e-01, -1.0459e-01, -7.9613e-02, 2.7042e-01, 1.0733e-01, 1.7769e-01, -3.2691e-01, -6.4807e-02, 3.9199e-01, 7.4672e-01]> : tensor<16xf32>
  %wq_r = tensor.expand_shape %wq [[0, 1]] output_shape [4, 4] : tensor<16xf32> into tensor<4x4xf32>
  %wk = arith.constant dense<[-6.2953e-01, 7.5696e-01, 6.7294e-01, 3.9066e-01, 1.3223e-01, -1.5696e-01, 7.2901e-01, 9.8013e-01, 9.0082e-01, 6.5755e-01, 1.7869e-01, -6.0416e-01, -2.2271e-03, 3.2824e-01, -6.4418e-01, 1.9756e-01]> : tensor<16xf32>
  %wk_r = tensor.expand_shape %wk [[0, 1]] output_shape [4, 4] : tensor<16xf32> into tensor<4x4xf32>
  %wv = arith.constant dense<[2.1493e-01, 3.4802e-01, -5.9206e-01, -3.3085e-01, -2.1822e-01, -5.8490e-01, 8.6968e-01, -2.4796e-01, 1.6448e-01, -1.2929e-01, 7.9174e-01, 6.6018e-01, 3.1668e-01, -1.1018e+00, 2.6014e-02, 3.4184e-01]> : tensor<16xf32>
  %wv_r = tensor.expand_shape %wv [[0, 1]] output_shape [4, 4] : tensor<16xf32> into tensor<4x4xf32>
  %wo = arith.constant dense<[5.0198e-01, -3.0895e-01, 9.1101e-01, -6.6022e-01, -3.3076e-01, 4.6753e-01, 2.4527e-02, 1.0012e+00, 9.4260e-02, -3.1660e-01, -1.8878e-01, -5.4557e-01, -6.3884e-01, 3.1521e-01, 2.9058e-01, 6.4728e-01]> : tensor<16xf32>
  %wo_r = tensor.expand_shape %wo [[0, 1]] output_shape [4, 4] : tensor<16xf32> into tensor<4x4xf32>
  %bo_r = arith.constant dense<[-3.7730e-01, 8.4455e-01, -1.4369e-01, 7.8720e-01]> : tensor<4xf32>
  %w1 = arith.constant dense<[-2.1639e-01, -3.6774e-01, 1.2489e-01, 5.1573e-01, 8.0505e-02, -2.9276e-01, -6.7061e-01, -7.0076e-01, 2.5134e-01, 4.9486e-01, -8.2147e-02, -5.3718e-01, 4.3652e-01, -6.4020e-01, -3.5653e-01, 3.1051e-01, -1.1251e+00, 1.9318e-01, -2.9082e-01, 5.4640e-02, -3.7851e-02, 1.0106e-01, 3.4709e-01, -3.7918e-01, 7.1049e-01, 3.6305e-01, 4.2187e-01, 5.8243e-01, 3.9379e-01, 4.2204e-01, 3.7797e-02, -7.1339e-01]> : tensor<32xf32>
  %w1_r = tensor.expand_shape %w1 [[0, 1]] output_shape [4, 8] : tensor<32xf32> into tensor<4x8xf32>
  %b1_r = arith.constant dense<[-6.7523e-02, -3.8476e-01, -7.1137e-01, 1.2923e-01, -2.8427e-01, -5.1490e-01, -5.2150e-01, 1.3421e-01]> : tensor<8xf32>
  %w2 = arith.constant dense<[1.7934e-01, 6.6123e-01, -6.9573e-03, 5.2092e-01, 7.0113e-01, 5.7508e-01, -1.1827e+00, 6.1434e-01, 1.6981e-01, 2.1189e-01, 1.8561e-01, 1.9138e-01, 1.5971e-01, -1.7946e-01, -9.5082e-01, -5.4457e-02, -4.0187e-01, 5.4008e-01, -1.4438e-01, 4.1738e-02, -4.2480e-01, -2.5531e-01, -5.7665e-03, -7.4269e-01, 1.5034e-01, -5.3036e-02, -5.9286e-01, -1.1991e+00, 2.5653e-01, -1.4879e-01, -2.6500e-01, -1.1808e-01]> : tensor<32xf32>
  %w2_r = tensor.expand_shape %w2 [[0, 1]] output_shape [8, 4] : tensor<32xf32> into tensor<8x4xf32>
  %b2_r = arith.constant dense<[9.0824e-01, -2.4900e-02, 4.3310e-02, -7.4354e-01]> : tensor<4xf32>
  %w1t = arith.constant dense<[8.2367e-01, 4.5874e-01, 5.3347e-01, 2.3836e-02, 4.5833e-01, 1.8547e-01, 3.0659e-01, -7.6096e-02, -7.3694e-01, 5.1443e-01, -9.6748e-01, -1.1997e-01, -1.0226e-01, -5.2143e-01, 3.0656e-01, -1.0016e-01, -2.1843e-01, 2.5992e-01, -2.3829e-01, 6.9449e-01, 1.7573e-01, -2.3717e-01, -9.7213e-01, -6.5388e-01, 5.4342e-01, -2.5302e-02, -1.4156e-01, 8.2163e-01, -6.4132e-01, -2.9283e-01, -2.3629e-01, 2.9317e-01]> : tensor<32xf32>
  %w1t_r = tensor.expand_shape %w1t [[0, 1]] output_shape [8, 4] : tensor<32xf32> into tensor<8x4xf32>
  %w2t = arith.constant dense<[-3.3177e-01, -3.0671e-01, -8.0257e-01, 3.6467e-01, 4.0307e-01, -2.3819e-01, 8.1670e-02, -6.4632e-01, -2.3591e-01, 6.8898e-01, 6.7865e-02, 1.1552e+00, -3.9360e-01, 2.9014e-01, -9.7753e-02, 2.8291e-01, -3.6057e-03, -2.8060e-01, -4.3381e-01, 1.5330e+00, -3.8673e-02, -1.0083e+00, -3.2430e-01, 3.3902e-01, -2.5000e-01, 6.8022e-01, 5.0120e-01, -7.6169e-02, -2.3611e-01, -5.0240e-01, -3.4998e-01, -7.3657e-01]> : tensor<32xf32>
  %w2t_r = tensor.expand_shape %w2t [[0, 1]] output_shape [4, 8] : tensor<32xf32> into tensor<4x8xf32>
  %g_r = arith.constant dense<[6.0220e-01, 7.9535e-01, -6.2807e-01, -5.9084e-01]> : tensor<4xf32>
  %be_r = arith.constant dense<[-8.8426e-01, -4.8193e-01, -1.5532e+00, -5.7114e-01]> : tensor<4xf32>
  %am = arith.constant dense<[1, 1, 1, 1, 1, 0]> : tensor<6xi64>
  %am_r = tensor.expand_shape %am [[0, 1]] output_shape [2, 3] : tensor<6xi64> into tensor<2x3xi64>
  // Masks: causal over 3 tokens; padding from the attention_mask %am.
  %t = arith.constant 3 : index
  %keep = tfm.causal_mask %t : tensor<?x?xi1>
  %ninf = arith.constant dense<0xFF800000> : tensor<f32>
  %pad = tfm.padding_mask %am_r : tensor<2x3xi64> -> tensor<2x1x1x3xf32>

  // GPT-2: causal keep-mask selecting -inf; residual stream + projection;
  // tanh-GELU MLP added to the stream.
  %gq = tfm.linear %x_r, %wq_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %gk = tfm.linear %x_r, %wk_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %gv = tfm.linear %x_r, %wv_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %gqh = tfm.split_heads %gq heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %gkh = tfm.split_heads %gk heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %gvh = tfm.split_heads %gv heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %gs = tfm.matmul %gqh, %gkh transpose_rhs : (tensor<2x2x3x2xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x3xf32>
  %gsc = tfm.scale %gs by 0.5 : tensor<2x2x3x3xf32>
  %gm = tfm.select %keep, %gsc, %ninf : (tensor<?x?xi1>, tensor<2x2x3x3xf32>, tensor<f32>) -> tensor<2x2x3x3xf32>
  %gp = tfm.softmax %gm : tensor<2x2x3x3xf32>
  %gc = tfm.matmul %gp, %gvh : (tensor<2x2x3x3xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x2xf32>
  %go = tfm.merge_heads %gc : tensor<2x2x3x2xf32> -> tensor<2x3x4xf32>
  %gproj = tfm.linear %go, %wo_r, %bo_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %gh = tfm.add %x_r, %gproj : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %gln = tfm.layer_norm %gh, %g_r, %be_r eps 1.0e-05 : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %gmlp = tfm.mlp %gln, %w1_r, %b1_r, %w2_r, %b2_r layout <in_out> approximate <tanh> : (tensor<2x3x4xf32>, tensor<4x8xf32>, tensor<8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %gout = tfm.add %gh, %gmlp : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>

  // BERT: additive padding mask (one padded key); projection + input;
  // out_in erf-GELU MLP added to the layer norm.
  %bq = tfm.linear %x_r, %wq_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %bk = tfm.linear %x_r, %wk_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %bv = tfm.linear %x_r, %wv_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %bqh = tfm.split_heads %bq heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %bkh = tfm.split_heads %bk heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %bvh = tfm.split_heads %bv heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %bs = tfm.matmul %bqh, %bkh transpose_rhs : (tensor<2x2x3x2xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x3xf32>
  %bsc = tfm.scale %bs by 0.35 : tensor<2x2x3x3xf32>
  %bm = tfm.add %bsc, %pad : (tensor<2x2x3x3xf32>, tensor<2x1x1x3xf32>) -> tensor<2x2x3x3xf32>
  %bp = tfm.softmax %bm : tensor<2x2x3x3xf32>
  %bc = tfm.matmul %bp, %bvh : (tensor<2x2x3x3xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x2xf32>
  %bo = tfm.merge_heads %bc : tensor<2x2x3x2xf32> -> tensor<2x3x4xf32>
  %bproj = tfm.linear %bo, %wo_r, %bo_r layout <out_in> : (tensor<2x3x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %bh = tfm.add %bproj, %x_r : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %bln = tfm.layer_norm %bh, %g_r, %be_r eps 1.0e-12 : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %bmlp = tfm.mlp %bln, %w1t_r, %b1_r, %w2t_r, %b2_r layout <out_in> approximate <erf> : (tensor<2x3x4xf32>, tensor<8x4xf32>, tensor<8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %bout = tfm.add %bmlp, %bln : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>

  // ViT: scaled softmax, no mask.
  %vq = tfm.linear %x_r, %wq_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %vk = tfm.linear %x_r, %wk_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %vv = tfm.linear %x_r, %wv_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %vqh = tfm.split_heads %vq heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %vkh = tfm.split_heads %vk heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %vvh = tfm.split_heads %vv heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %vs = tfm.matmul %vqh, %vkh transpose_rhs : (tensor<2x2x3x2xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x3xf32>
  %vsc = tfm.scale %vs by 0.7 : tensor<2x2x3x3xf32>
  %vp = tfm.softmax %vsc : tensor<2x2x3x3xf32>
  %vc = tfm.matmul %vp, %vvh : (tensor<2x2x3x3xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x2xf32>
  %vo = tfm.merge_heads %vc : tensor<2x2x3x2xf32> -> tensor<2x3x4xf32>

  // No mask, no scale.
  %uq = tfm.linear %x_r, %wq_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %uk = tfm.linear %x_r, %wk_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %uv = tfm.linear %x_r, %wv_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %uqh = tfm.split_heads %uq heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %ukh = tfm.split_heads %uk heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %uvh = tfm.split_heads %uv heads 2 : tensor<2x3x4xf32> -> tensor<2x2x3x2xf32>
  %us = tfm.matmul %uqh, %ukh transpose_rhs : (tensor<2x2x3x2xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x3xf32>
  %up = tfm.softmax %us : tensor<2x2x3x3xf32>
  %uc = tfm.matmul %up, %uvh : (tensor<2x2x3x3xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x3x2xf32>
  %uo = tfm.merge_heads %uc : tensor<2x2x3x2xf32> -> tensor<2x3x4xf32>
  // GELU epilogues and a residual after the activation.
  %l0 = tfm.linear %x_r, %w1_r, %b1_r layout <in_out> : (tensor<2x3x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
  %l1 = tfm.gelu %l0 approximate <erf> : tensor<2x3x8xf32>
  %l2 = tfm.linear %l1, %w2_r, %b2_r layout <in_out> : (tensor<2x3x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %l3 = tfm.gelu %l2 approximate <tanh> : tensor<2x3x4xf32>
  %lout = tfm.add %x_r, %l3 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %gout_m = bufferization.to_memref %gout : memref<2x3x4xf32>
  %gout_u = memref.cast %gout_m : memref<2x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%gout_u) : (memref<*xf32>) -> ()
  %bout_m = bufferization.to_memref %bout : memref<2x3x4xf32>
  %bout_u = memref.cast %bout_m : memref<2x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%bout_u) : (memref<*xf32>) -> ()
  %vo_m = bufferization.to_memref %vo : memref<2x3x4xf32>
  %vo_u = memref.cast %vo_m : memref<2x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%vo_u) : (memref<*xf32>) -> ()
  %uo_m = bufferization.to_memref %uo : memref<2x3x4xf32>
  %uo_u = memref.cast %uo_m : memref<2x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%uo_u) : (memref<*xf32>) -> ()
  %lout_m = bufferization.to_memref %lout : memref<2x3x4xf32>
  %lout_u = memref.cast %lout_m : memref<2x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%lout_u) : (memref<*xf32>) -> ()
  return
}

