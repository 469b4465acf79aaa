
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

