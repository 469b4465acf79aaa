
// The lowest value is the element type's: -65504 for f16.
// CHECK-LABEL: func.func @padding_mask_f16
// CHECK-NOT:  0xFC00
// CHECK:      arith.constant -6.550400e+04 : f16
func.func @padding_mask_f16(%m: tensor<2x3xi32>) -> tensor<2x1x1x3xf16> {
  %0 = tfm.padding_mask %m : tensor<2x3xi32> -> tensor<2x1x1x3xf16>
  return %0 : tensor<2x1x1x3xf16>
}

