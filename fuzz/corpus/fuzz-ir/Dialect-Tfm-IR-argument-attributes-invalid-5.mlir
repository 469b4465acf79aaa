
// ...on a tensor or memref of static shape.
// expected-error @+1 {{argument #0 has 'tfm.param' = "w", but a weight must be a tensor or memref of static shape, not 'i32'}}
func.func @param_not_tensor(%w: i32 {tfm.param = "w"}) {
  return
}

