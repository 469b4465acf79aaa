
// With a boolean mask the softmax is a masked softmax: the scale moves into
// its bodies (no separate scaling generic) and -inf is selected.
// CHECK-LABEL: func.func @attention_bool_mask
// CHECK-SAME: %[[KEEP:[^:]*]]: tensor<?x?xi1>)
// CHECK:      %[[SCORES:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK-NOT:  ins(%[[SCORES]] : tensor<?x2x?x?xf32>)
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[SCORES]], %[[KEEP]] : tensor<?x2x?x?xf32>, tensor<?x?xi1>)
// CHECK:        arith.constant 5.000000e-01 : f32
// CHECK:        arith.constant 0xFF800000 : f32
// CHECK:        arith.select
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%[[SCORES]], %[[KEEP]], %[[MAX]] :
// CHECK:      %[[PROBS:.*]] = linalg.generic
// CHECK-SAME:   ins(%[[SCORES]], %[[KEEP]], %[[MAX]], %{{.*}} :
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%[[PROBS]], %{{.*}} : tensor<?x2x?x?xf32>, tensor<?x2x?x4xf32>)
// CHECK:      tensor.collapse_shape
func.func @attention_bool_mask(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %keep: tensor<?x?xi1>) -> tensor<?x?x8xf32> {
  %0 = tfm.attention %q, %k, %v mask %keep heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

