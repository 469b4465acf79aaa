// RUN: tfm-opt %s --split-input-file --tfm-pretranspose-weights | FileCheck %s

// An `out_in` layer whose weights are tfm.params used only as `out_in`
// weights reads them transposed instead ([in, out], bound so at load time)
// in layout `in_out`. Anything else (another user of the weight, a weight
// that is not a param, an `in_out` layer) is left as it is; each positive
// case is followed by the negative cases next to it.

// A linear layer: the weight is bound transposed, with the transposed
// shape; the bias and an unused param stay as they are.
// CHECK-LABEL: func.func @linear_out_in
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK:      %[[W:.*]] = tfm.param "fc.weight" transposed : tensor<4x6xf32>
// CHECK:      %[[B:.*]] = tfm.param "fc.bias" : tensor<6xf32>
// CHECK:      tfm.param "unused" : tensor<2x3xf32>
// CHECK:      %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out> : (tensor<?x4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
// CHECK:      return %[[Y]]
func.func @linear_out_in(%x: tensor<?x4xf32>) -> (tensor<?x6xf32>, tensor<2x3xf32>) {
  %w = tfm.param "fc.weight" : tensor<6x4xf32>
  %b = tfm.param "fc.bias" : tensor<6xf32>
  %u = tfm.param "unused" : tensor<2x3xf32>
  %y = tfm.linear %x, %w, %b layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>, tensor<6xf32>) -> tensor<?x6xf32>
  return %y, %u : tensor<?x6xf32>, tensor<2x3xf32>
}

