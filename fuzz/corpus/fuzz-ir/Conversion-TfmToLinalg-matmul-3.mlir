
// [B, T, H*d] -> [B, T, H, d] -> [B, H, T, d].
// CHECK-LABEL: func.func @split_heads
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>)
// CHECK-DAG:  %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x8xf32>
// CHECK-DAG:  %[[T:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x8xf32>
// CHECK:      %[[E:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1], [2, 3]] output_shape [%[[B]], %[[T]], 2, 4] : tensor<?x?x8xf32> into tensor<?x?x2x4xf32>
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%[[B]], %[[T]]) : tensor<?x2x?x4xf32>
// CHECK:      %[[R:.*]] = linalg.transpose ins(%[[E]] : tensor<?x?x2x4xf32>) outs(%[[EMPTY]] : tensor<?x2x?x4xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT: return %[[R]]
func.func @split_heads(%x: tensor<?x?x8xf32>) -> tensor<?x2x?x4xf32> {
  %0 = tfm.split_heads %x heads 2 : tensor<?x?x8xf32> -> tensor<?x2x?x4xf32>
  return %0 : tensor<?x2x?x4xf32>
}

