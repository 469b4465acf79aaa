
// Negative: a weight that is not a tfm.param (a function argument) is the
// caller's; nothing is bound for it.
// CHECK-LABEL: func.func @weight_argument
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<6x4xf32>)
// CHECK:      tfm.linear %[[X]], %[[W]] layout <out_in>
func.func @weight_argument(%x: tensor<?x4xf32>, %w: tensor<6x4xf32>) -> tensor<?x6xf32> {
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  return %y : tensor<?x6xf32>
}

