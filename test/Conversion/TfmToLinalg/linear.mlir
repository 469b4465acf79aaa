// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// tfm.linear and tfm.mlp become linalg.generic contractions whose right-hand
// side is N-contiguous. An in_out ([K, N]) weight is that right-hand side,
// shared by every batch (its map has no batch dims), and the accumulator is
// [..., M, N]. For an out_in ([N, K]) weight the product is computed
// transposed, (W · Xᵀ)ᵀ: the input's last two dims are transposed to
// [..., K, M], the weight is the shared left-hand side (its map has no batch
// dims), the [..., N, M] result is transposed back, and the weight itself is
// never transposed. A bias (indexed by N) is broadcast into the accumulator,
// i.e. along every dimension but the last for in_out and but the second to
// last for out_in; without one the accumulator is filled with 0. A rank-1
// input is expanded to [1, K] first and the result collapsed back. An
// activation and a residual are one element-wise generic on the final
// product, which applies the activation first and then adds the residual.

// CHECK-LABEL: func.func @linear_in_out_bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NOT:  linalg.fill
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x6xf32>
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<6xf32>) outs(%[[EMPTY]] : tensor<?x?x6xf32>) dimensions = [0, 1]
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[W]] : tensor<?x?x4xf32>, tensor<4x6xf32>) outs(%[[INIT]] : tensor<?x?x6xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[BW:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[P:.*]] = arith.mulf %[[A]], %[[BW]] : f32
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// CHECK-NOT:  linalg.generic
// CHECK:      return %[[Y]]
func.func @linear_in_out_bias(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<?x?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// out_in, no bias: the product is computed transposed, (W · Xᵀ)ᵀ. X [2, 4]
// is transposed to [4, 2], the untransposed weight [6, 4] is the left-hand
// side of a contraction into a zero [6, 2] accumulator, and the result is
// transposed back to [2, 6].
// CHECK-LABEL: func.func @linear_out_in_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK-NOT:  linalg.broadcast
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:      %[[EMPTY:.*]] = tensor.empty() : tensor<6x2xf32>
// CHECK:      %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<6x2xf32>) -> tensor<6x2xf32>
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<4x2xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[W]], %[[XT]] : tensor<6x4xf32>, tensor<4x2xf32>) outs(%[[INIT]] : tensor<6x2xf32>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[BX:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[P:.*]] = arith.mulf %[[A]], %[[BX]] : f32
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<6x2xf32>) outs(%{{.*}} : tensor<2x6xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.
// CHECK:      return %[[Y]]
func.func @linear_out_in_no_bias(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// A fused activation is an element-wise generic on the (transposed-back)
// product. out_in with a bias: the [4, ?] (N, M) accumulator holds the bias
// broadcast along its last dimension. The weight is square, so only the
// operands, not the types, show that it is not transposed.
// CHECK-LABEL: func.func @linear_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<4x?xf32>) dimensions = [1]
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<?x4xf32>) outs(%{{.*}} : tensor<4x?xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[W]], %[[XT]] : tensor<4x4xf32>, tensor<4x?xf32>) outs(%[[INIT]] : tensor<4x?xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<4x?xf32>) outs(%{{.*}} : tensor<?x4xf32>) permutation = [1, 0]
// CHECK:      %[[ACT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   ins(%[[Y]] : tensor<?x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[T:.*]] = math.tanh %[[IN]] : f32
// CHECK-NEXT:   linalg.yield %[[T]] : f32
// CHECK:      return %[[ACT]]
func.func @linear_tanh(%x: tensor<?x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = tfm.linear %x, %w, %b layout <out_in> activation <tanh> : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// A rank-1 input is a single row: expanded to [1, K] first, multiplied,
// collapsed back; the bias is broadcast straight into the [1, N]
// accumulator. Here in_out, with the erf GELU as the activation.
// CHECK-LABEL: func.func @linear_rank1_gelu_erf
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[ROW:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<6xf32>) outs(%{{.*}} : tensor<1x6xf32>) dimensions = [0]
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   ins(%[[ROW]], %[[W]] : tensor<1x4xf32>, tensor<4x6xf32>) outs(%[[INIT]] : tensor<1x6xf32>)
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[FLAT:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0, 1]] : tensor<1x6xf32> into tensor<6xf32>
// CHECK:      %[[ACT:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[FLAT]] : tensor<6xf32>)
// CHECK:        math.erf
// CHECK:      return %[[ACT]]
func.func @linear_rank1_gelu_erf(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> activation <gelu_erf> : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// A rank-1 input with an out_in weight: the [1, 4] row is transposed to
// [4, 1], multiplied by the untransposed weight into the bias-initialised
// [6, 1] accumulator, transposed back to [1, 6] and collapsed to [6].
// CHECK-LABEL: func.func @linear_rank1_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<6x4xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[ROW:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<6xf32>) outs(%{{.*}} : tensor<6x1xf32>) dimensions = [1]
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[XT:.*]] = linalg.transpose ins(%[[ROW]] : tensor<1x4xf32>) outs(%{{.*}} : tensor<4x1xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[W]], %[[XT]] : tensor<6x4xf32>, tensor<4x1xf32>) outs(%[[INIT]] : tensor<6x1xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W]]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<6x1xf32>) outs(%{{.*}} : tensor<1x6xf32>) permutation = [1, 0]
// CHECK:      %[[FLAT:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0, 1]] : tensor<1x6xf32> into tensor<6xf32>
// CHECK-NOT:  linalg.
// CHECK:      return %[[FLAT]]
func.func @linear_rank1_out_in(%x: tensor<4xf32>, %w: tensor<6x4xf32>, %b: tensor<6xf32>) -> tensor<6xf32> {
  %0 = tfm.linear %x, %w, %b layout <out_in> : (tensor<4xf32>, tensor<6x4xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// The default activation adds no generic after the contraction.
// CHECK-LABEL: func.func @linear_no_activation
// CHECK:      linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NOT:  linalg.generic
// CHECK-NOT:  math.
// CHECK:      return
func.func @linear_no_activation(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <none> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// The residual is added after the activation, in the same element-wise
// generic as the activation: one epilogue reads the product and the
// residual. The bias still initialises the accumulator.
// CHECK-LABEL: func.func @linear_gelu_residual
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>, %[[R:.*]]: tensor<?x?x6xf32>)
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<6xf32>)
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[W]] : tensor<?x?x4xf32>, tensor<4x6xf32>) outs(%[[INIT]] : tensor<?x?x6xf32>)
// CHECK:      %[[OUT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[Y]], %[[R]] : tensor<?x?x6xf32>, tensor<?x?x6xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[RES:.*]]: f32, %{{.*}}: f32):
// CHECK:        %[[T:.*]] = math.tanh
// CHECK:        %[[HALFX:.*]] = arith.mulf %{{.*}}, %[[IN]] : f32
// CHECK:        %[[ONEPLUS:.*]] = arith.addf %{{.*}}, %[[T]] : f32
// CHECK:        %[[G:.*]] = arith.mulf %[[HALFX]], %[[ONEPLUS]] : f32
// CHECK-NEXT:   %[[SUM:.*]] = arith.addf %[[G]], %[[RES]] : f32
// CHECK-NEXT:   linalg.yield %[[SUM]] : f32
// CHECK-NOT:  linalg.generic
// CHECK:      return %[[OUT]]
func.func @linear_gelu_residual(%x: tensor<?x?x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<?x?x6xf32>) -> tensor<?x?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <in_out> activation <gelu_tanh> residual %r : (tensor<?x?x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x?x6xf32>) -> tensor<?x?x6xf32>
  return %0 : tensor<?x?x6xf32>
}

// -----

// Without an activation the epilogue only adds the residual, after the
// product has been transposed back (out_in).
// CHECK-LABEL: func.func @linear_residual_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>, %[[R:.*]]: tensor<2x6xf32>)
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<6x2xf32>) outs(%{{.*}} : tensor<2x6xf32>) permutation = [1, 0]
// CHECK:      %[[OUT:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   ins(%[[Y]], %[[R]] : tensor<2x6xf32>, tensor<2x6xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[RES:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[SUM:.*]] = arith.addf %[[IN]], %[[RES]] : f32
// CHECK-NEXT:   linalg.yield %[[SUM]] : f32
// CHECK-NOT:  linalg.
// CHECK:      return %[[OUT]]
func.func @linear_residual_out_in(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> residual %r : (tensor<2x4xf32>, tensor<6x4xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// A rank-1 input: the residual is added to the collapsed [N] product.
// CHECK-LABEL: func.func @linear_rank1_residual
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[R:.*]]: tensor<6xf32>)
// CHECK:      %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<1x6xf32> into tensor<6xf32>
// CHECK:      %[[OUT:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[FLAT]], %[[R]] : tensor<6xf32>, tensor<6xf32>)
// CHECK:        math.tanh
// CHECK:        arith.addf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT:   linalg.yield
// CHECK:      return %[[OUT]]
func.func @linear_rank1_residual(%x: tensor<4xf32>, %w: tensor<4x6xf32>, %r: tensor<6xf32>) -> tensor<6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> activation <tanh> residual %r : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// mlp = linear(fc, bias, gelu) then linear(proj, bias), both in_out: two
// contractions with a tanh-GELU generic between them, no transposes.
// CHECK-LABEL: func.func @mlp_in_out
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[W1:.*]]: tensor<4x16xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<16x4xf32>, %[[B2:.*]]: tensor<4xf32>)
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[INIT1:.*]] = linalg.broadcast ins(%[[B1]] : tensor<16xf32>) outs(%{{.*}} : tensor<?x?x16xf32>) dimensions = [0, 1]
// CHECK:      %[[H:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[W1]] : tensor<?x?x4xf32>, tensor<4x16xf32>) outs(%[[INIT1]] : tensor<?x?x16xf32>)
// CHECK:      %[[G:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[H]] : tensor<?x?x16xf32>)
// CHECK:        math.tanh
// CHECK:      %[[INIT2:.*]] = linalg.broadcast ins(%[[B2]] : tensor<4xf32>) outs(%{{.*}} : tensor<?x?x4xf32>) dimensions = [0, 1]
// CHECK-NOT:  linalg.transpose
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[G]], %[[W2]] : tensor<?x?x16xf32>, tensor<16x4xf32>) outs(%[[INIT2]] : tensor<?x?x4xf32>)
// CHECK:      return %[[Y]]
func.func @mlp_in_out(%x: tensor<?x?x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<?x?x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// -----

// out_in mlp: each linear is computed transposed, (W · Xᵀ)ᵀ, with the
// weights untransposed as shared left-hand sides; the hidden size comes from
// the fc weight's first dimension; erf GELU on the transposed-back hidden.
// CHECK-LABEL: func.func @mlp_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W1:.*]]: tensor<16x4xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<4x16xf32>, %[[B2:.*]]: tensor<4xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W1]]
// CHECK:      %[[INIT1:.*]] = linalg.broadcast ins(%[[B1]] : tensor<16xf32>) outs(%{{.*}} : tensor<16x2xf32>) dimensions = [1]
// CHECK-NOT:  linalg.transpose ins(%[[W1]]
// CHECK:      %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<4x2xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.transpose ins(%[[W1]]
// CHECK:      %[[HT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[W1]], %[[XT]] : tensor<16x4xf32>, tensor<4x2xf32>) outs(%[[INIT1]] : tensor<16x2xf32>)
// CHECK:      %[[H:.*]] = linalg.transpose ins(%[[HT]] : tensor<16x2xf32>) outs(%{{.*}} : tensor<2x16xf32>) permutation = [1, 0]
// CHECK:      %[[G:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[H]] : tensor<2x16xf32>)
// CHECK:        math.erf
// CHECK-NOT:  linalg.transpose ins(%[[W2]]
// CHECK:      %[[INIT2:.*]] = linalg.broadcast ins(%[[B2]] : tensor<4xf32>) outs(%{{.*}} : tensor<4x2xf32>) dimensions = [1]
// CHECK-NOT:  linalg.transpose ins(%[[W2]]
// CHECK:      %[[GT:.*]] = linalg.transpose ins(%[[G]] : tensor<2x16xf32>) outs(%{{.*}} : tensor<16x2xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.transpose ins(%[[W2]]
// CHECK:      %[[YT:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[W2]], %[[GT]] : tensor<4x16xf32>, tensor<16x2xf32>) outs(%[[INIT2]] : tensor<4x2xf32>)
// CHECK-NOT:  linalg.transpose ins(%[[W2]]
// CHECK:      %[[Y:.*]] = linalg.transpose ins(%[[YT]] : tensor<4x2xf32>) outs(%{{.*}} : tensor<2x4xf32>) permutation = [1, 0]
// CHECK-NOT:  linalg.
// CHECK:      return %[[Y]]
func.func @mlp_out_in(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// An f32 precision, written out, is the default: lowered like any linear.

// CHECK-LABEL: func.func @linear_f32_precision
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
func.func @linear_f32_precision(%x: tensor<2x8xf32>, %w: tensor<8x4xf32>) -> tensor<2x4xf32> {
  %y = tfm.linear %x, %w layout <in_out> precision <f32> : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
