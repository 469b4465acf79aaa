
// [B, H, T, d] -> [B, T, H, d] -> [B, T, H*d].
// CHECK-LABEL: func.func @merge_heads
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x4xf32>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x2x4xf32>
// CHECK:      %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<?x2x?x4xf32>) outs(%[[EMPTY]] : tensor<?x?x2x4xf32>) permutation = [0, 2, 1, 3]
// CHECK:      %[[R:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1], [2, 3]] : tensor<?x?x2x4xf32> into tensor<?x?x8xf32>
// CHECK-NEXT: return %[[R]]
func.func @merge_heads(%x: tensor<?x2x?x4xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.merge_heads %x : tensor<?x2x?x4xf32> -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

