
// An mlp whose hidden size is dynamic (weight arguments): the intermediate
// has a dynamic last dimension, the result the input's shape.
// CHECK-LABEL: func.func @mlp_hidden_dynamic
// CHECK:      tensor.empty({{.*}}) : tensor<?x?x?xf32>
// CHECK-NOT:  tensor.cast
// CHECK:      return %{{.*}} : tensor<?x?x4xf32>
func.func @mlp_hidden_dynamic(%x: tensor<?x?x4xf32>, %w1: tensor<4x?xf32>, %b1: tensor<?xf32>, %w2: tensor<?x4xf32>, %b2: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<?x?x4xf32>, tensor<4x?xf32>, tensor<?xf32>, tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

