
// CHECK-LABEL: func.func @f16_not_marked
// CHECK-NOT:   tfm.prepack
func.func @f16_not_marked(%x: tensor<?x8xf16>, %w: tensor<4x8xf16> {tfm.param = "w"}) -> tensor<?x4xf16> {
  %y = tfm.linear %x, %w layout <out_in> : (tensor<?x8xf16>, tensor<4x8xf16>) -> tensor<?x4xf16>
  return %y : tensor<?x4xf16>
}

