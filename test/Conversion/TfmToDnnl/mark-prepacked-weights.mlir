// RUN: tfm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(tfm-mark-prepacked-weights))' | FileCheck %s

// The weights of f32 linears and MLPs are marked with their layout; other
// weights, arguments that are not weights, and non-f32 linears are not.

// CHECK-LABEL: func.func @marks
// CHECK-SAME:    %{{.*}}: tensor<?x8xf32>,
// CHECK-SAME:    %{{.*}}: tensor<4x8xf32> {tfm.param = "q.weight", tfm.prepack = "linear_out_in"},
// CHECK-SAME:    %{{.*}}: tensor<8x16xf32> {tfm.param = "fc.weight", tfm.prepack = "linear_in_out"},
// CHECK-SAME:    %{{.*}}: tensor<16xf32> {tfm.param = "fc.bias"},
// CHECK-SAME:    %{{.*}}: tensor<16x8xf32> {tfm.param = "proj.weight", tfm.prepack = "linear_in_out"},
// CHECK-SAME:    %{{.*}}: tensor<8xf32> {tfm.param = "proj.bias"},
// CHECK-SAME:    %{{.*}}: tensor<8xf32> {tfm.param = "ln.weight"},
// CHECK-SAME:    %{{.*}}: tensor<4x8xf32>)
func.func @marks(%x: tensor<?x8xf32>, %q: tensor<4x8xf32> {tfm.param = "q.weight"},
                 %fc: tensor<8x16xf32> {tfm.param = "fc.weight"}, %fcb: tensor<16xf32> {tfm.param = "fc.bias"},
                 %proj: tensor<16x8xf32> {tfm.param = "proj.weight"}, %projb: tensor<8xf32> {tfm.param = "proj.bias"},
                 %g: tensor<8xf32> {tfm.param = "ln.weight"}, %notweight: tensor<4x8xf32>)
    -> (tensor<?x4xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x4xf32>) {
  %a = tfm.linear %x, %q layout <out_in> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %m = tfm.mlp %x, %fc, %fcb, %proj, %projb layout <in_out> approximate <tanh> : (tensor<?x8xf32>, tensor<8x16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %n = tfm.layer_norm %x, %g, %projb eps 1.000000e-05 : (tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %b = tfm.linear %x, %notweight layout <out_in> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  return %a, %m, %n, %b : tensor<?x4xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @f16_not_marked
// CHECK-NOT:   tfm.prepack
func.func @f16_not_marked(%x: tensor<?x8xf16>, %w: tensor<4x8xf16> {tfm.param = "w"}) -> tensor<?x4xf16> {
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x8xf16>, tensor<4x8xf16>) -> tensor<?x4xf16>
  return %y : tensor<?x4xf16>
}
