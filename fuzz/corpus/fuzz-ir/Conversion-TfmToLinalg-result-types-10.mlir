
// Static only in gamma: the count is 4.
// CHECK-LABEL: func.func @layer_norm_features_from_gamma
// CHECK:      arith.constant 4.000000e+00 : f32
// CHECK-NOT:  tensor.cast
// CHECK:      return
func.func @layer_norm_features_from_gamma(%x: tensor<?x?xf32>, %g: tensor<4xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?xf32>, tensor<4xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

