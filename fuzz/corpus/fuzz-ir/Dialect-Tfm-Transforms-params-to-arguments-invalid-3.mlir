
func.func @aliases_on_a_later_use_only() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tfm.param "v" : tensor<4xf32>
  // expected-error @+1 {{parameter 'v' has aliases ["bert.v"], but an earlier use has none}}
  %b = tfm.param "v" : tensor<4xf32> aliases ["bert.v"]
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

