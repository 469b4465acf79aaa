
func.func @position_ids_result_type_generic(%ids: tensor<2x3xi64>) {
  // expected-error @+1 {{failed to verify that all of {like, result} have same type}}
  %0 = "tfm.position_ids"(%ids) : (tensor<2x3xi64>) -> tensor<2x3xi32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.patch_embed
//===----------------------------------------------------------------------===//

