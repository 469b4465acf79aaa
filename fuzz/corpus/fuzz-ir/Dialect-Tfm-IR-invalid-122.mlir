
// A compatible but different result shape fails type inference instead.
func.func @softmax_result_shape_generic(%x: tensor<2x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "tfm.softmax"(%x) : (tensor<2x4xf32>) -> tensor<2x?xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.masked_softmax
//===----------------------------------------------------------------------===//

