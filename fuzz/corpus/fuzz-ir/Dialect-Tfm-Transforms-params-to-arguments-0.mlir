// RUN: tfm-opt %s --split-input-file --tfm-params-to-arguments | FileCheck %s
// RUN: tfm-opt %s --split-input-file --tfm-params-to-arguments --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Each distinct tfm.param name becomes one trailing argument, in order of
// first appearance, named by a `tfm.param` argument attribute; uses of
// repeated params share the argument. Every argument, inputs included, is
// marked `bufferization.writable = false`. Existing argument attributes stay.

// CHECK-LABEL: func.func @forward
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x4xf32> {bufferization.writable = false, tfm.name = "x"},
// CHECK-SAME: %[[B:[^:]*]]: tensor<4xf32> {bufferization.writable = false, tfm.param = "fc.bias"},
// CHECK-SAME: %[[W:[^:]*]]: tensor<4x4xf32> {bufferization.writable = false, tfm.param = "fc.weight"})
// CHECK-SAME: -> tensor<?x4xf32>
// CHECK-NOT:  tfm.param
// CHECK:      %[[Y:.*]] = tfm.linear %[[X]], %[[W]], %[[B]] layout <in_out>
// CHECK:      %[[Z:.*]] = tfm.add %[[Y]], %[[B]]
// CHECK:      return %[[Z]]
// The function type itself gained the arguments, not only the entry block.
// GENERIC: function_type = (tensor<?x4xf32>, tensor<4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>, sym_name = "forward"
// GENERIC-NOT: "tfm.param"
func.func @forward(%x: tensor<?x4xf32> {tfm.name = "x"}) -> tensor<?x4xf32> {
  %b = tfm.param "fc.bias" : tensor<4xf32>
  %w = tfm.param "fc.weight" : tensor<4x4xf32>
  %b2 = tfm.param "fc.bias" : tensor<4xf32>
  %y = tfm.linear %x, %w, %b layout <in_out> : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %z = tfm.add %y, %b2 : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %z : tensor<?x4xf32>
}

