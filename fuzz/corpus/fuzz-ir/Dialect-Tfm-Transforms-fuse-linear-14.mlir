
// Negative: a second bias, a bias after the activation, a second residual.
// CHECK-LABEL: func.func @epilogue_taken
// CHECK-COUNT-3: tfm.add
func.func @epilogue_taken(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) {
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %1 = tfm.add %0, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %2 = tfm.linear %x, %w layout <in_out> activation <gelu_erf> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %3 = tfm.add %2, %b : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %4 = tfm.linear %x, %w layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %5 = tfm.add %4, %r : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  return %1, %3, %5 : tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>
}

