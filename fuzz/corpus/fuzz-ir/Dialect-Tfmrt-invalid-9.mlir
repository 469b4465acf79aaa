
func.func @heads(%q: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  // expected-error@+1 {{heads 3 must be positive and divide the width 8}}
  %r = tfmrt.attention %q, %q, %q into %q heads 3 scale 1.0 mask_kind 0 : (tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return %r : tensor<2x5x8xf32>
}

