
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

