
func.func @operand_type_count(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'tfm.linear' 3 operands present, but expected 2}}
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

