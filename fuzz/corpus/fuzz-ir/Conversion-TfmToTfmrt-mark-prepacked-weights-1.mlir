
// A weight two linears read keeps the first one's flags.

// CHECK-LABEL: func.func @first_mark_kept
// CHECK-SAME:    tensor<4x8xf32> {tfm.param = "w", tfm.prepack = 16 : i64}
func.func @first_mark_kept(%x: tensor<?x8xf32>, %w: tensor<4x8xf32> {tfm.param = "w"}) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  %a = tfm.linear %x, %w layout <out_in> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %b = tfm.linear %x, %w layout <out_in> activation <tanh> : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  return %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
}

