// RUN: tfm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(tfm-set-precision{precision=bf16}))' | FileCheck %s --check-prefix=BF16
// RUN: tfm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(tfm-set-precision{precision=int8}))' | FileCheck %s --check-prefix=INT8
// RUN: tfm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(tfm-set-precision{precision=bf16},tfm-set-precision{precision=f32}))' | FileCheck %s --check-prefix=F32

// Linears take the model's precision; attention takes bf16 in a bf16 or
// int8 model. Everything else keeps computing in f32.

// BF16-LABEL: func.func @block
// BF16-SAME:    (%[[X:.*]]: tensor<?x?x8xf32>, %[[W:.*]]: tensor<8x8xf32>, %[[G:.*]]: tensor<8xf32>)
// BF16:         %[[N:.*]] = tfm.layer_norm %[[X]], %[[G]], %[[G]] eps
// BF16:         %[[A:.*]] = tfm.attention %[[N]], %[[N]], %[[N]] heads 2 scale 5.000000e-01 precision <bf16>
// BF16:         tfm.linear %[[A]], %[[W]] layout <in_out> residual %[[X]] precision <bf16>
// INT8-LABEL: func.func @block
// INT8:         tfm.attention {{.*}} precision <bf16>
// INT8:         tfm.linear {{.*}} precision <int8>
// F32-LABEL:  func.func @block
// F32-NOT:      precision
func.func @block(%x: tensor<?x?x8xf32>, %w: tensor<8x8xf32>, %g: tensor<8xf32>) -> tensor<?x?x8xf32> {
  %n = tfm.layer_norm %x, %g, %g eps 1.000000e-05 : (tensor<?x?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x?x8xf32>
  %a = tfm.attention %n, %n, %n heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %y = tfm.linear %a, %w layout <in_out> residual %x : (tensor<?x?x8xf32>, tensor<8x8xf32>, tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %y : tensor<?x?x8xf32>
}

// -----

// A linear over one row per sequence (a rank-2 input: here a pooler on the
// first token) stays f32 at every precision; the token-wise linear before it
// does not.

// BF16-LABEL: func.func @pooled
// BF16:         tfm.linear {{.*}} precision <bf16> : (tensor<?x?x8xf32>
// BF16:         %[[P:.*]] = tfm.linear %{{.*}}, %{{.*}} layout <out_in> activation <tanh> :
// BF16-NOT:     precision
// BF16:         return %[[P]]
// INT8-LABEL: func.func @pooled
// INT8:         tfm.linear {{.*}} precision <int8> : (tensor<?x?x8xf32>
// INT8:         tfm.linear %{{.*}}, %{{.*}} layout <out_in> activation <tanh> :
// INT8-NOT:     precision
// INT8:         return
func.func @pooled(%x: tensor<?x?x8xf32>, %w: tensor<8x8xf32>, %first: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %h = tfm.linear %x, %w layout <in_out> : (tensor<?x?x8xf32>, tensor<8x8xf32>) -> tensor<?x?x8xf32>
  %p = tfm.linear %first, %w layout <out_in> activation <tanh> : (tensor<?x8xf32>, tensor<8x8xf32>) -> tensor<?x8xf32>
  return %p : tensor<?x8xf32>
}
