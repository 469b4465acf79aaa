
// Same type under different names is fine (no diagnostic).
func.func @distinct_names() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tfm.param "w1" : tensor<4xf32>
  %b = tfm.param "w2" : tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

