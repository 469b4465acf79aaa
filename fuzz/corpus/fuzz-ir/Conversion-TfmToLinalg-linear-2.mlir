
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

