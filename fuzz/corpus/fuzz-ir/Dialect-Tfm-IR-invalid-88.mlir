
func.func @select_result_shape(%c: tensor<4x4xi1>, %a: tensor<4xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{result type 'tensor<4xf32>' does not match the expected shape 'tensor<4x4xf32>'}}
  %0 = tfm.select %c, %a, %b : (tensor<4x4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return
}

