
// Negative (regression): a weight shared by that kept mlp and an `out_in`
// linear. Transposing it for the linear would make the mlp, still `out_in`,
// read it transposed (invalid IR, or wrong results for a square weight); the
// linear stays `out_in` too.
// CHECK-LABEL: func.func @weight_shared_with_kept_mlp
// CHECK-NOT:  transposed
// CHECK:      tfm.mlp {{.*}} layout <out_in>
// CHECK:      tfm.linear {{.*}} layout <out_in>
func.func @weight_shared_with_kept_mlp(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x16xf32>, tensor<4x16xf32>) {
  %fc = tfm.param "fc.weight" : tensor<16x4xf32>
  %fcb = tfm.param "fc.bias" : tensor<16xf32>
  %proj = tfm.param "proj.weight" : tensor<4x16xf32>
  %projb = tfm.param "proj.bias" : tensor<4xf32>
  %y = tfm.mlp %x, %fc, %fcb, %proj, %projb layout <out_in> approximate <erf> : (tensor<?x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %h = tfm.linear %x, %fc layout <out_in> : (tensor<?x4xf32>, tensor<16x4xf32>) -> tensor<?x16xf32>
  return %y, %h, %proj : tensor<?x4xf32>, tensor<?x16xf32>, tensor<4x16xf32>
}

