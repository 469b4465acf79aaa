
func.func @mask_kind(%q: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  // expected-error@+1 {{mask_kind 3 is not 0 (none), 1 (causal) or 2 (additive)}}
  %r = tfmrt.attention %q, %q, %q into %q heads 2 scale 1.0 mask_kind 3 : (tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return %r : tensor<2x5x8xf32>
}

