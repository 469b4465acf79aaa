
func.func @prepend_cls_result_shape(%x: tensor<2x4x8xf32>, %cls: tensor<1x1x8xf32>) {
  // expected-error @+1 {{result type 'tensor<2x4x8xf32>' does not match the expected shape 'tensor<2x5x8xf32>'}}
  %0 = tfm.prepend_cls %x, %cls : (tensor<2x4x8xf32>, tensor<1x1x8xf32>) -> tensor<2x4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.cls_token
//===----------------------------------------------------------------------===//

