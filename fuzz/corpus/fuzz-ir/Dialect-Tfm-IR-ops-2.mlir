
// A rank-0 parameter has a static shape too.
// CHECK-LABEL: func.func @param_scalar_bf16
// CHECK: tfm.param "scale" : tensor<bf16>
func.func @param_scalar_bf16() -> tensor<bf16> {
  %0 = tfm.param "scale" : tensor<bf16>
  return %0 : tensor<bf16>
}

