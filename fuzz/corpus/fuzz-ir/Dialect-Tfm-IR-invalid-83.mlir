
func.func @add_result_shape(%a: tensor<2x1xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{result type 'tensor<2x1xf32>' does not match the expected shape 'tensor<2x4xf32>'}}
  %0 = tfm.add %a, %b : (tensor<2x1xf32>, tensor<1x4xf32>) -> tensor<2x1xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.scale
//===----------------------------------------------------------------------===//

