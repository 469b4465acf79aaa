// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// tfm.linear and tfm.mlp become linalg.generic contractions whose right-hand
// side is N-contiguous ([K, N]): an out_in ([N, K]) weight is transposed
// first. A bias is broadcast into the accumulator; without one the
// accumulator is filled with 0. An activation is a separate element-wise
// generic after the contraction.

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

// out_in, no bias: the weight [6, 4] is transposed to [4, 6] and the
// accumulator starts at 0.
// CHECK-LABEL: func.func @linear_out_in_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK-NOT:  linalg.broadcast
// CHECK:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:      %[[EMPTY:.*]] = tensor.empty() : tensor<2x6xf32>
// CHECK:      %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x6xf32>) -> tensor<2x6xf32>
// CHECK:      %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<6x4xf32>) outs(%{{.*}} : tensor<4x6xf32>) permutation = [1, 0]
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[WT]] : tensor<2x4xf32>, tensor<4x6xf32>) outs(%[[INIT]] : tensor<2x6xf32>)
// CHECK:      return %[[Y]]
func.func @linear_out_in_no_bias(%x: tensor<2x4xf32>, %w: tensor<6x4xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<2x4xf32>, tensor<6x4xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// A fused activation is an element-wise generic on the contraction's result.
// CHECK-LABEL: func.func @linear_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:      %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<?x4xf32>) dimensions = [0]
// CHECK:      %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<4x4xf32>)
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[WT]] : tensor<?x4xf32>, tensor<4x4xf32>) outs(%[[INIT]] : tensor<?x4xf32>)
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

// A rank-1 input is a single row: expanded to [1, K], multiplied, collapsed
// back; here with the erf GELU as the activation.
// CHECK-LABEL: func.func @linear_rank1_gelu_erf
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK:      %[[BIAS:.*]] = linalg.broadcast ins(%[[B]] : tensor<6xf32>) outs(%{{.*}} : tensor<6xf32>) dimensions = []
// CHECK-DAG:  %[[ROW:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
// CHECK-DAG:  %[[INIT:.*]] = tensor.expand_shape %[[BIAS]] {{\[}}[0, 1]] output_shape [1, 6] : tensor<6xf32> into tensor<1x6xf32>
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[ROW]], %[[W]] : tensor<1x4xf32>, tensor<4x6xf32>) outs(%[[INIT]] : tensor<1x6xf32>)
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

// out_in mlp: both weights are transposed; the hidden size comes from the
// fc weight's first dimension; erf GELU.
// CHECK-LABEL: func.func @mlp_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W1:.*]]: tensor<16x4xf32>, %[[B1:.*]]: tensor<16xf32>, %[[W2:.*]]: tensor<4x16xf32>, %[[B2:.*]]: tensor<4xf32>)
// CHECK:      %[[W1T:.*]] = linalg.transpose ins(%[[W1]] : tensor<16x4xf32>) outs(%{{.*}} : tensor<4x16xf32>) permutation = [1, 0]
// CHECK:      %[[H:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[X]], %[[W1T]] : tensor<2x4xf32>, tensor<4x16xf32>)
// CHECK:      %[[G:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[H]] : tensor<2x16xf32>)
// CHECK:        math.erf
// CHECK:      %[[W2T:.*]] = linalg.transpose ins(%[[W2]] : tensor<4x16xf32>) outs(%{{.*}} : tensor<16x4xf32>) permutation = [1, 0]
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[G]], %[[W2T]] : tensor<2x16xf32>, tensor<16x4xf32>)
// CHECK:      return %[[Y]]
func.func @mlp_out_in(%x: tensor<2x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<2x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
