
func.func @cls_token_result_shape(%x: tensor<2x4x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x4xf32>' does not match the expected shape 'tensor<2x8xf32>'}}
  %0 = tfm.cls_token %x : tensor<2x4x8xf32> -> tensor<2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.linear
//===----------------------------------------------------------------------===//

