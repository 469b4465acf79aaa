
// A dynamic output size prints as ?, not as -9223372036854775808.
func.func @linear_bias_rank_dynamic_out(%x: tensor<2x4xf32>, %w: tensor<4x?xf32>, %b: tensor<1x6xf32>) {
  // expected-error @+1 {{linear bias must have shape [?], but has type 'tensor<1x6xf32>'}}
  %0 = tfm.linear %x, %w, %b layout <in_out> : (tensor<2x4xf32>, tensor<4x?xf32>, tensor<1x6xf32>) -> tensor<2x?xf32>
  return
}

