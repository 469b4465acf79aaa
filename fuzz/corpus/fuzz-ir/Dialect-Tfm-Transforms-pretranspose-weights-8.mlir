
// An `out_in` mlp: both weights are bound transposed, the biases are not.
// CHECK-LABEL: func.func @mlp_out_in
// CHECK:      %[[FC:.*]] = tfm.param "fc.weight" transposed : tensor<4x16xf32>
// CHECK:      %[[FCB:.*]] = tfm.param "fc.bias" : tensor<16xf32>
// CHECK:      %[[PROJ:.*]] = tfm.param "proj.weight" transposed : tensor<16x4xf32>
// CHECK:      %[[PROJB:.*]] = tfm.param "proj.bias" : tensor<4xf32>
// CHECK:      tfm.mlp %{{.*}}, %[[FC]], %[[FCB]], %[[PROJ]], %[[PROJB]] layout <in_out> approximate <erf> : (tensor<?x4xf32>, tensor<4x16xf32>, tensor<16xf32>, tensor<16x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
func.func @mlp_out_in(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %fc = tfm.param "fc.weight" : tensor<16x4xf32>
  %fcb = tfm.param "fc.bias" : tensor<16xf32>
  %proj = tfm.param "proj.weight" : tensor<4x16xf32>
  %projb = tfm.param "proj.bias" : tensor<4xf32>
  %y = tfm.mlp %x, %fc, %fcb, %proj, %projb layout <out_in> approximate <erf> : (tensor<?x4xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

