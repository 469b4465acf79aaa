
func.func @attention_mask_element_type(%q: tensor<2x3x8xf32>, %m: tensor<3x3xbf16>) {
  // expected-error @+1 {{mask must be i1 (keep-mask) or 'f32' (additive), but has type 'tensor<3x3xbf16>'}}
  %0 = tfm.attention %q, %q, %q mask %m heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<3x3xbf16>) -> tensor<2x3x8xf32>
  return
}

