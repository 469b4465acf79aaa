
// CHECK-LABEL: func.func @mlm_mask_less_static
// CHECK:      linalg.generic
// CHECK:      } -> tensor<2x3xi1>
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<2x3xi1> to tensor<?x?xi1>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xi1>
func.func @mlm_mask_less_static(%ids: tensor<2x3xi32>) -> tensor<?x?xi1> {
  %0 = tfm.mlm_mask %ids seed 0 probability 5.000000e-01 : tensor<2x3xi32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

