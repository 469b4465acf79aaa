
func.func @layout_without_brackets(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+1 {{expected '<'}}
  %0 = tfm.linear %x, %w layout in_out : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

