
func.func @causal_mask_not_square(%t: index) {
  // expected-error @+1 {{result must be a square [T, T] mask, but has type 'tensor<4x5xi1>'}}
  %0 = tfm.causal_mask %t : tensor<4x5xi1>
  return
}

