
// The mask is [.., T, S] = [.., 3, 5]; a [5, 3] one is the wrong way round.
func.func @attention_mask_shape(%q: tensor<2x3x8xf32>, %kv: tensor<2x5x8xf32>, %m: tensor<5x3xi1>) {
  // expected-error @+1 {{mask 'tensor<5x3xi1>' does not broadcast to the scores shape 'tensor<2x2x3x5xf32>'}}
  %0 = tfm.attention %q, %kv, %kv mask %m heads 2 scale 1.0 : (tensor<2x3x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<5x3xi1>) -> tensor<2x3x8xf32>
  return
}

