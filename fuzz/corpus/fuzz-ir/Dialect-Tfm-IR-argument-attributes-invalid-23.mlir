
// Results: only tfm.name, a string.
// expected-error @+1 {{'func.func' op result #0 has 'tfm.name' = 1 : i64, expected a string}}
func.func @result_name_not_string(%x: tensor<4xf32>) -> (tensor<4xf32> {tfm.name = 1}) {
  return %x : tensor<4xf32>
}

