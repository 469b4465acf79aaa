
func.func @mlp_result_shape(%x: tensor<2x4xf32>, %w1: tensor<4x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x4xf32>, %b2: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<2x16xf32>' does not match the expected shape 'tensor<2x4xf32>'}}
  %0 = tfm.mlp %x, %w1, %b1, %w2, %b2 layout <in_out> approximate <tanh> : (tensor<2x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<2x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.add
//===----------------------------------------------------------------------===//

