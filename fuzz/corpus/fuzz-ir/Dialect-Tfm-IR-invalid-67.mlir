
func.func @layer_norm_eps_f32_generic(%x: tensor<2x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is positive}}
  %0 = "tfm.layer_norm"(%x, %g, %g) <{epsilon = 1.0e-05 : f32}> : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// tfm.gelu
//===----------------------------------------------------------------------===//

