
// Not a broadcast, but the add's result is more static than the linear's:
// the fused linear could not have the add's type.
func.func @add_more_static(%x: tensor<?x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>) -> tensor<?x6xf32>
  // expected-remark @+1 {{not fused: the add's result 'tensor<2x6xf32>' does not have the tfm.linear result type 'tensor<?x6xf32>'}}
  %1 = tfm.add %0, %r : (tensor<?x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

