
// layer_norm divides by the number of features of the input (4), not by the
// declared result's last dimension, which is dynamic here.
// CHECK-LABEL: func.func @layer_norm_less_static
// CHECK:      arith.constant 4.000000e+00 : f32
// CHECK:      linalg.generic
// CHECK:      } -> tensor<?x4xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x4xf32> to tensor<?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xf32>
func.func @layer_norm_less_static(%x: tensor<?x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<?x?xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

