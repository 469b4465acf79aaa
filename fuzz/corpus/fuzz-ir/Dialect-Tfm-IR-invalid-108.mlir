
func.func @causal_mask_rank(%t: index) {
  // expected-error @+1 {{result must be a square [T, T] mask, but has type 'tensor<4xi1>'}}
  %0 = tfm.causal_mask %t : tensor<4xi1>
  return
}

