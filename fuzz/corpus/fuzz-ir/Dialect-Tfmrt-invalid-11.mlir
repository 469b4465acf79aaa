
func.func @additive_without_mask(%q: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  // expected-error@+1 {{a mask is given exactly when mask_kind is 2 (additive)}}
  %r = tfmrt.attention %q, %q, %q into %q heads 2 scale 1.0 mask_kind 2 : (tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return %r : tensor<2x5x8xf32>
}

