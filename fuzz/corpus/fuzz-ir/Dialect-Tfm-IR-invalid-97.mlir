
func.func @matmul_result_shape(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+1 {{result type 'tensor<2x3xf32>' does not match the expected shape 'tensor<2x5xf32>'}}
  %0 = tfm.matmul %a, %b : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.split_heads
//===----------------------------------------------------------------------===//

