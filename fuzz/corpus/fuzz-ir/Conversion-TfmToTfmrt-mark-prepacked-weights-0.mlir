// RUN: tfm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(tfm-mark-prepacked-weights))' | FileCheck %s

// The weight of an f32 linear is marked with the tfmrt_linear flags of that
// linear (Kernels.h): 0x10 weight [out, in], 0x20 bias, 0x40 residual, low
// bits the activation (1 gelu_tanh, 2 gelu_erf, 3 tanh). Biases, other
// weights (an unfused MLP's run through linalg, in place) and arguments that
// are not weights are not marked.

// CHECK-LABEL: func.func @marks
// CHECK-SAME:    %{{.*}}: tensor<?x8xf32>,
// CHECK-SAME:    %{{.*}}: tensor<4x8xf32> {tfm.param = "q.weight", tfm.prepack = 16 : i64},
// CHECK-SAME:    %{{.*}}: tensor<8x16xf32> {tfm.param = "fc.weight", tfm.prepack = 33 : i64},
// CHECK-SAME:    %{{.*}}: tensor<16xf32> {tfm.param = "fc.bias"},
// CHECK-SAME:    %{{.*}}: tensor<16x8xf32> {tfm.param = "proj.weight", tfm.prepack = 96 : i64},
// CHECK-SAME:    %{{.*}}: tensor<8xf32> {tfm.param = "proj.bias"},
// CHECK-SAME:    %{{.*}}: tensor<8x16xf32> {tfm.param = "mlp.fc.weight"},
// CHECK-SAME:    %{{.*}}: tensor<16x8xf32> {tfm.param = "mlp.proj.weight"},
// CHECK-SAME:    %{{.*}}: tensor<4x8xf32>)
func.func @marks(%x: tensor<?x8xf32>, %q: tensor<4x8xf32> {tfm.param = "q.weight"},
                 %fc: tensor<8x16xf32> {tfm.param = "fc.weight"}, %fcb: tensor<16xf32> {tfm.param = "fc.bias"},
                 %proj: tensor<16x8xf32> {tfm.param = "proj.weight"}, %projb: tensor<8xf32> {tfm.param = "proj.bias"},
                 %mfc: tensor<8x16xf32> {tfm.param = "mlp.fc.weight"}, %mproj: tensor<16x8xf32> {tfm.param = "mlp.proj.weight"},
                 %notweight: tensor<4x8xf32>)
    -> (tensor<?x4xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x4xf32>) {
  %a = tfm.linear %x, %q layout <out_in> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %h = tfm.linear %x, %fc, %fcb layout <in_out> activation <gelu_tanh> : (tensor<?x8xf32>, tensor<8x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  %o = tfm.linear %h, %proj, %projb layout <in_out> residual %x : (tensor<?x16xf32>, tensor<16x8xf32>, tensor<8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  %m = tfm.mlp %x, %mfc, %fcb, %mproj, %projb layout <in_out> approximate <tanh> : (tensor<?x8xf32>, tensor<8x16xf32>, tensor<16xf32>, tensor<16x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %b = tfm.linear %x, %notweight layout <out_in> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  return %a, %o, %m, %b : tensor<?x4xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x4xf32>
}

