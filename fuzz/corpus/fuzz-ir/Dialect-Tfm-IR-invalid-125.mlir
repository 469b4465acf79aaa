
func.func @masked_softmax_mask_element_type(%s: tensor<2x4x4xf32>, %m: tensor<4x4xf16>) {
  // expected-error @+1 {{mask must be i1 (keep-mask) or 'f32' (additive), but has type 'tensor<4x4xf16>'}}
  %0 = tfm.masked_softmax %s, %m scale 1.0 : (tensor<2x4x4xf32>, tensor<4x4xf16>) -> tensor<2x4x4xf32>
  return
}

