
func.func @unknown_layout_generic(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) {
  // expected-error @+2 {{expected ::mlir::tfm::WeightLayout to be one of: in_out, out_in}}
  // expected-error @+1 {{failed to parse Tfm_WeightLayoutAttr parameter 'value'}}
  %0 = "tfm.linear"(%x, %w) <{layout = #tfm.layout<diagonal>}> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

