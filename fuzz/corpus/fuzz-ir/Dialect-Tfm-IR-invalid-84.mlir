
func.func @scale_result_type_generic(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "tfm.scale"(%x) <{factor = 2.0 : f64}> : (tensor<2x4xf32>) -> tensor<2x4xf16>
  return
}

//===----------------------------------------------------------------------===//
// tfm.select
//===----------------------------------------------------------------------===//

