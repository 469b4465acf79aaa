
// The activation is kept.
// CHECK-LABEL: func.func @linear_out_in_activation
// CHECK:      %[[W:.*]] = tfm.param "pooler.dense.weight" transposed : tensor<4x4xf32>
// CHECK:      tfm.linear %{{.*}}, %[[W]], %{{.*}} layout <in_out> activation <tanh>
func.func @linear_out_in_activation(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %w = tfm.param "pooler.dense.weight" : tensor<4x4xf32>
  %b = tfm.param "pooler.dense.bias" : tensor<4xf32>
  %y = tfm.linear %x, %w, %b layout <out_in> activation <tanh> : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

