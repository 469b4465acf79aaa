
func.func @padding_mask_integer_result(%m: tensor<2x5xi64>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2x1x1x5xi1>'}}
  %0 = tfm.padding_mask %m : tensor<2x5xi64> -> tensor<2x1x1x5xi1>
  return
}

//===----------------------------------------------------------------------===//
// tfm.mlm_mask
//===----------------------------------------------------------------------===//

