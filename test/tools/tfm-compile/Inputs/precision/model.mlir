func.func @forward(%x: tensor<?x?x64xf32> {tfm.name = "x"}) -> (tensor<?x?x64xf32> {tfm.name = "y"}) {
  %w = tfm.param "w" : tensor<64x64xf32>
  %b = tfm.param "b" : tensor<64xf32>
  %y = tfm.linear %x, %w, %b layout <in_out> activation <gelu_tanh> : (tensor<?x?x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<?x?x64xf32>
  return %y : tensor<?x?x64xf32>
}
