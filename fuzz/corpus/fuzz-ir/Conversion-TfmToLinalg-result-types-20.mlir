
// CHECK-LABEL: func.func @padding_mask_mixed
// CHECK:      linalg.generic
// CHECK:      } -> tensor<?x1x1x?xf32>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x1x1x?xf32> to tensor<2x?x?x5xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<2x?x?x5xf32>
func.func @padding_mask_mixed(%m: tensor<?x?xi64>) -> tensor<2x?x?x5xf32> {
  %0 = tfm.padding_mask %m : tensor<?x?xi64> -> tensor<2x?x?x5xf32>
  return %0 : tensor<2x?x?x5xf32>
}

