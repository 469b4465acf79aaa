
func.func @gelu_result_type_generic(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "tfm.gelu"(%x) <{approximate = #tfm.approximate<erf>}> : (tensor<2x4xf32>) -> tensor<4x2xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.mlp
//===----------------------------------------------------------------------===//

