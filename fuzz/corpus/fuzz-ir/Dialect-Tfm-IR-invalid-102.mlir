
func.func @split_heads_result_shape(%x: tensor<2x3x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x3x2x4xf32>' does not match the expected shape 'tensor<2x2x3x4xf32>'}}
  %0 = tfm.split_heads %x heads 2 : tensor<2x3x8xf32> -> tensor<2x3x2x4xf32>
  return
}

