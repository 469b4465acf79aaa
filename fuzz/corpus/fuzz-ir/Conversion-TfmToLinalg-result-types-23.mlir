
// The declared type equals the implied one: no cast.
// CHECK-LABEL: func.func @add_same_type
// CHECK-NOT:  tensor.cast
// CHECK:      return
func.func @add_same_type(%a: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = tfm.add %a, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

