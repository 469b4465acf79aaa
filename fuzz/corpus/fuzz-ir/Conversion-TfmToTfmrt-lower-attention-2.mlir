
// A boolean keep-mask that is not causal_mask's becomes additive: 0 where
// kept, -inf where not, selected before the softmax as the op means.

// CHECK-LABEL: func.func @keep_mask
// CHECK-SAME:    (%{{.*}}, %{{.*}}, %{{.*}}, %[[KEEP:.*]]: tensor<?x?xi1>)
// CHECK-DAG:   %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG:   %[[NEG_INF:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
// CHECK:       %[[ADD:.*]] = tfm.select %[[KEEP]], %[[ZERO]], %[[NEG_INF]] : (tensor<?x?xi1>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
// CHECK:       tfmrt.attention {{.*}} mask %[[ADD]] into {{.*}} mask_kind 2 :
func.func @keep_mask(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %keep: tensor<?x?xi1>) -> tensor<?x?x8xf32> {
  %a = tfm.attention %q, %k, %v mask %keep heads 4 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
  return %a : tensor<?x?x8xf32>
}

