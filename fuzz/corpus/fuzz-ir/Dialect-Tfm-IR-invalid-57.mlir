
// Compatible is not enough: a residual is not cast to the result type.
func.func @linear_residual_less_static(%x: tensor<2x4xf32>, %w: tensor<4x6xf32>, %b: tensor<6xf32>, %r: tensor<?x6xf32>) {
  // expected-error @+1 {{residual 'tensor<?x6xf32>' must have exactly the result type 'tensor<2x6xf32>'}}
  %0 = tfm.linear %x, %w, %b layout <in_out> residual %r : (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6xf32>, tensor<?x6xf32>) -> tensor<2x6xf32>
  return
}

