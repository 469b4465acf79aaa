
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

