
// Negative: an mlp is rewritten whole or not at all. One weight has another
// user, so neither is transposed and the layout stays.
// CHECK-LABEL: func.func @mlp_weight_with_other_user
// CHECK-NOT:  transposed
// CHECK:      tfm.mlp {{.*}} layout <out_in>
func.func @mlp_weight_with_other_user(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<4x16xf32>) {
  %fc = tfm.param "fc.weight" : tensor<16x4xf32>
  %fcb = tfm.param "fc.bias" : tensor<16xf32>
  %proj = tfm.param "proj.weight" : tensor<4x16xf32>
  %projb = tfm.param "proj.bias" : tensor<4xf32>
  %y = tfm.mlp %x, %fc, %fcb, %proj, %projb layout <out_in> approximate <erf> : (tensor<?x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y, %proj : tensor<?x4xf32>, tensor<4x16xf32>
}

