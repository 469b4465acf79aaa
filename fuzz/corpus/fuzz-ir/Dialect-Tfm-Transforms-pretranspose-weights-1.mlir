
// The weight keeps its aliases: the transposed param is the same checkpoint
// tensor.
// CHECK-LABEL: func.func @linear_out_in_aliases
// CHECK:      %[[W:.*]] = tfm.param "fc.weight" transposed : tensor<4x6xf32> aliases ["bert.fc.weight"]
// CHECK:      tfm.linear %{{.*}}, %[[W]] layout <in_out>
func.func @linear_out_in_aliases(%x: tensor<?x4xf32>) -> tensor<?x6xf32> {
  %w = tfm.param "fc.weight" : tensor<6x4xf32> aliases ["bert.fc.weight"]
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x6xf32>
  return %y : tensor<?x6xf32>
}

