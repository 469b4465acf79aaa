
// Probability 1 masks everything (threshold 2^24 exceeds every 24-bit value),
// probability 0 nothing (threshold 0).
// CHECK-LABEL: func.func @mlm_mask_bounds
// CHECK:      %[[ALL:.*]] = arith.constant 16777216 : i64
// CHECK-NEXT: arith.cmpi ult, %{{.*}}, %[[ALL]] : i64
// CHECK:      %[[NONE:.*]] = arith.constant 0 : i64
// CHECK-NEXT: arith.cmpi ult, %{{.*}}, %[[NONE]] : i64
func.func @mlm_mask_bounds(%ids: tensor<2x3xi32>) -> (tensor<2x3xi1>, tensor<2x3xi1>) {
  %0 = tfm.mlm_mask %ids seed 7 probability 1.0 : tensor<2x3xi32> -> tensor<2x3xi1>
  %1 = tfm.mlm_mask %ids seed 7 probability 0.0 : tensor<2x3xi32> -> tensor<2x3xi1>
  return %0, %1 : tensor<2x3xi1>, tensor<2x3xi1>
}

