
// expected-error @+1 {{argument #0 has unsupported type 'tensor<4xf64>'; expected a tensor of f32, i64 or i32}}
func.func @forward(%x: tensor<4xf64>) -> tensor<4xf32> {
  %0 = tensor.empty() : tensor<4xf32>
  return %0 : tensor<4xf32>
}

