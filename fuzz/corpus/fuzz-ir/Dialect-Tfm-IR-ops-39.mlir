
// The closed interval's ends are valid probabilities.
// CHECK-LABEL: func.func @mlm_mask_bounds
// CHECK: tfm.mlm_mask %{{.*}} seed 0 probability 0.000000e+00 : tensor<2x3xi32> -> tensor<2x3xi1>
// CHECK: tfm.mlm_mask %{{.*}} seed -1 probability 1.000000e+00 : tensor<2x3xi32> -> tensor<2x3xi1>
func.func @mlm_mask_bounds(%ids: tensor<2x3xi32>) -> (tensor<2x3xi1>, tensor<2x3xi1>) {
  %0 = tfm.mlm_mask %ids seed 0 probability 0.0 : tensor<2x3xi32> -> tensor<2x3xi1>
  %1 = tfm.mlm_mask %ids seed -1 probability 1.0 : tensor<2x3xi32> -> tensor<2x3xi1>
  return %0, %1 : tensor<2x3xi1>, tensor<2x3xi1>
}

