
// A transposed parameter's argument carries `tfm.transposed`. The same name
// bound as stored and transposed is two arguments (two tensors at run time),
// each shared by its uses.
// CHECK-LABEL: func.func @transposed
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x4xf32> {bufferization.writable = false},
// CHECK-SAME: %[[T:[^:]*]]: tensor<4x6xf32> {bufferization.writable = false, tfm.param = "fc.weight", tfm.transposed},
// CHECK-SAME: %[[S:[^:]*]]: tensor<6x4xf32> {bufferization.writable = false, tfm.param = "fc.weight"})
// CHECK-NOT:  tfm.param
// CHECK:      tfm.linear %[[X]], %[[T]] layout <in_out>
// CHECK:      tfm.linear %[[X]], %[[T]] layout <in_out>
// CHECK:      tfm.linear %{{.*}}, %[[S]] layout <in_out>
// GENERIC: {bufferization.writable = false, tfm.param = "fc.weight", tfm.transposed}, {bufferization.writable = false, tfm.param = "fc.weight"}], function_type = (tensor<2x4xf32>, tensor<4x6xf32>, tensor<6x4xf32>) -> tensor<2x4xf32>, sym_name = "transposed"
func.func @transposed(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %t = tfm.param "fc.weight" transposed : tensor<4x6xf32>
  %y = tfm.linear %x, %t layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %t2 = tfm.param "fc.weight" transposed : tensor<4x6xf32>
  %y2 = tfm.linear %x, %t2 layout <in_out> : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x6xf32>
  %s = tfm.param "fc.weight" : tensor<6x4xf32>
  %sum = tfm.add %y, %y2 : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
  %z = tfm.linear %sum, %s layout <in_out> : (tensor<2x6xf32>, tensor<6x4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}

