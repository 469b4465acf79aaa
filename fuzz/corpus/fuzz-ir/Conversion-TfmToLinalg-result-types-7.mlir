
// mlp: the projection's output features come from its weight.
// CHECK-LABEL: func.func @mlp_more_and_less_static
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?x4xf32> to tensor<2x3x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x3x?xf32>
func.func @mlp_more_and_less_static(%x: tensor<?x?x4xf32>, %w1: tensor<16x4xf32>, %b1: tensor<16xf32>, %w2: tensor<4x16xf32>, %b2: tensor<4xf32>) -> tensor<2x3x?xf32> {
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <out_in> approximate <erf> : (tensor<?x?x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<2x3x?xf32>
  return %0 : tensor<2x3x?xf32>
}

