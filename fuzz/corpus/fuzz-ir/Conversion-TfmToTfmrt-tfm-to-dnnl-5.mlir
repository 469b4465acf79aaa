
// CHECK-LABEL: func.func @softmax
// CHECK:       tfmrt.softmax %{{.*}} into %{{.*}} : (tensor<?x3x5xf32>, tensor<?x3x5xf32>) -> tensor<?x3x5xf32>
// CHECK-NOT:   tfm.softmax
func.func @softmax(%x: tensor<?x3x5xf32>) -> tensor<?x3x5xf32> {
  %y = tfm.softmax %x : tensor<?x3x5xf32>
  return %y : tensor<?x3x5xf32>
}

