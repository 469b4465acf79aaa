
// A chain that fuses in steps reports nothing, although the add was refused
// before the gelu had become the linear's activation.
func.func @no_remark_once_fused(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %r: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %1 = tfm.gelu %0 approximate <tanh> : tensor<2x6xf32>
  %2 = tfm.add %r, %1 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %2 : tensor<2x6xf32>
}

