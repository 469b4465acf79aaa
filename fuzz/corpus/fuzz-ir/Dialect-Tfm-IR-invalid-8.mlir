
func.func @param_alias_not_string() {
  // expected-error @+1 {{'tfm.param' op attribute 'aliases' failed to satisfy constraint: string array attribute}}
  %0 = tfm.param "w" : tensor<4xf32> aliases ["bert.w", 3]
  return
}

//===----------------------------------------------------------------------===//
// tfm.embedding
//===----------------------------------------------------------------------===//

