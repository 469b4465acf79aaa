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

