
// A weight's aliases go onto its argument as `tfm.aliases`, stored and
// transposed alike; a weight without aliases gets none.
// CHECK-LABEL: func.func @aliases
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x4xf32> {bufferization.writable = false},
// CHECK-SAME: %[[W:[^:]*]]: tensor<4x4xf32> {bufferization.writable = false, tfm.aliases = ["bert.fc.weight"], tfm.param = "fc.weight", tfm.transposed},
// CHECK-SAME: %[[G:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.aliases = ["ln.gamma", "bert.ln.weight"], tfm.param = "ln.weight"},
// CHECK-SAME: %[[B:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "ln.bias"})
// CHECK:      tfm.linear %[[X]], %[[W]] layout <in_out>
// CHECK:      tfm.layer_norm %{{.*}}, %[[G]], %[[B]]
func.func @aliases(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = tfm.param "fc.weight" transposed : tensor<4x4xf32> aliases ["bert.fc.weight"]
  %g = tfm.param "ln.weight" : tensor<4xf32> aliases ["ln.gamma", "bert.ln.weight"]
  %b = tfm.param "ln.bias" : tensor<4xf32>
  %g2 = tfm.param "ln.weight" : tensor<4xf32> aliases ["ln.gamma", "bert.ln.weight"]
  %y = tfm.linear %x, %w layout <in_out> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %n = tfm.layer_norm %y, %g, %b eps 1.0e-05 : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %z = tfm.add %n, %g2 : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}

