
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

