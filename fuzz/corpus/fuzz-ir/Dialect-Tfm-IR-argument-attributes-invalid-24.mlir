
// expected-error @+1 {{result #0 has 'tfm.param'; a result may only carry 'tfm.name'}}
func.func @result_param(%x: tensor<4xf32>) -> (tensor<4xf32> {tfm.param = "w"}) {
  return %x : tensor<4xf32>
}

