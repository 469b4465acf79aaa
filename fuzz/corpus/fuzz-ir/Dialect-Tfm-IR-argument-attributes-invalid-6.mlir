
// expected-error @+1 {{argument #0 has 'tfm.param' = "w", but a weight must be a tensor or memref of static shape, not 'tensor<?x4xf32>'}}
func.func @param_dynamic(%w: tensor<?x4xf32> {tfm.param = "w"}) {
  return
}

