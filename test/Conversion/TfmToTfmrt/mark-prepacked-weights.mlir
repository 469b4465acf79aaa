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

// -----

// A weight two linears read keeps the first one's flags.

// CHECK-LABEL: func.func @first_mark_kept
// CHECK-SAME:    tensor<4x8xf32> {tfm.param = "w", tfm.prepack = 16 : i64}
func.func @first_mark_kept(%x: tensor<?x8xf32>, %w: tensor<4x8xf32> {tfm.param = "w"}) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  %a = tfm.linear %x, %w layout <out_in> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %b = tfm.linear %x, %w layout <out_in> activation <tanh> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  return %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @f16_not_marked
// CHECK-NOT:   tfm.prepack
func.func @f16_not_marked(%x: tensor<?x8xf16>, %w: tensor<4x8xf16> {tfm.param = "w"}) -> tensor<?x4xf16> {
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x8xf16>, tensor<4x8xf16>) -> tensor<?x4xf16>
  return %y : tensor<?x4xf16>
}

// -----

// The mark carries the linear's precision, so that the runtime converts
// (0x80, bf16) or quantizes (0x200, int8) the weight when it binds it.

// CHECK-LABEL: func.func @precision_marks
// CHECK-SAME:    tensor<4x8xf32> {tfm.param = "a", tfm.prepack = 144 : i64}
// CHECK-SAME:    tensor<4x8xf32> {tfm.param = "b", tfm.prepack = 528 : i64}
func.func @precision_marks(%x: tensor<?x8xf32>, %a: tensor<4x8xf32> {tfm.param = "a"}, %b: tensor<4x8xf32> {tfm.param = "b"}) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  %y = tfm.linear %x, %a layout <out_in> precision <bf16> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %z = tfm.linear %x, %b layout <out_in> precision <int8> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  return %y, %z : tensor<?x4xf32>, tensor<?x4xf32>
}

// -----

// gelu_sigmoid is the kernel's activation 6: the mark is 0x76 (residual,
// bias, out_in weight, activation 6), the kernel tfm-to-dnnl makes.
// CHECK-LABEL: func.func @gelu_sigmoid
// CHECK-SAME:    %{{.*}}: tensor<16x8xf32> {tfm.param = "fc1.weight", tfm.prepack = 118 : i64}
func.func @gelu_sigmoid(%x: tensor<?x8xf32>, %w: tensor<16x8xf32> {tfm.param = "fc1.weight"},
                        %b: tensor<16xf32> {tfm.param = "fc1.bias"}, %r: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %y = tfm.linear %x, %w, %b layout <out_in> activation <gelu_sigmoid> residual %r : (tensor<?x8xf32>, tensor<16x8xf32>, tensor<16xf32>, tensor<?x16xf32>) -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}
