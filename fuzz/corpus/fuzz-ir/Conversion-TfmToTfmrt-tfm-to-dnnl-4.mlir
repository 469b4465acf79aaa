
// CHECK-LABEL: func.func @layer_norm
// CHECK:       tfmrt.layer_norm %{{.*}}, %{{.*}}, %{{.*}} into %{{.*}} eps 1.000000e-05 :
func.func @layer_norm(%x: tensor<?x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %y = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

