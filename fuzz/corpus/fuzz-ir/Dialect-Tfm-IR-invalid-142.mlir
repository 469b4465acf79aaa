
// A [B, 1, 1, S] padding mask with the wrong batch size.
func.func @attention_additive_mask_batch(%q: tensor<2x3x8xf32>, %m: tensor<3x1x1x3xf32>) {
  // expected-error @+1 {{mask 'tensor<3x1x1x3xf32>' does not broadcast to the scores shape 'tensor<2x2x3x3xf32>'}}
  %0 = tfm.attention %q, %q, %q mask %m heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<2x3x8xf32>, tensor<3x1x1x3xf32>) -> tensor<2x3x8xf32>
  return
}

