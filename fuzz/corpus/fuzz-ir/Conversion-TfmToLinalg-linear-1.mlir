
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

