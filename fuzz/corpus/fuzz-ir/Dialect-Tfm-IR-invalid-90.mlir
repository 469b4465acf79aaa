
func.func @select_condition_float(%c: tensor<2x4xf32>, %a: tensor<2x4xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x4xf32>'}}
  %0 = tfm.select %c, %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.matmul
//===----------------------------------------------------------------------===//

