
func.func @missing_layout(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+1 {{custom op 'tfm.linear' expected 'layout'}}
  %0 = tfm.linear %x, %w : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

