
// One param used by two `out_in` linears is transposed once; both read it.
// CHECK-LABEL: func.func @shared_by_two_linears
// CHECK:      %[[W:.*]] = tfm.param "shared.weight" transposed : tensor<4x6xf32>
// CHECK-NOT:  tfm.param
// CHECK:      tfm.linear %{{.*}}, %[[W]] layout <in_out>
// CHECK:      tfm.linear %{{.*}}, %[[W]] layout <in_out>
func.func @shared_by_two_linears(%x: tensor<?x4xf32>, %z: tensor<?x4xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>) {
  %w = tfm.param "shared.weight" : tensor<6x4xf32>
  %y1 = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  %y2 = tfm.linear %z, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  return %y1, %y2 : tensor<?x6xf32>, tensor<?x6xf32>
}

