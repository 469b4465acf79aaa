
// An additive f32 mask is passed as is (kind 2); the kernel broadcasts it.

// CHECK-LABEL: func.func @additive
// CHECK-SAME:    (%[[Q:.*]]: tensor<?x?x8xf32>, %{{.*}}, %{{.*}}, %[[M:.*]]: tensor<?x1x1x?xf32>)
// CHECK:       tfmrt.attention %[[Q]], %{{.*}}, %{{.*}} mask %[[M]] into %{{.*}} heads 4 scale 5.000000e-01 mask_kind 2 :
func.func @additive(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %m: tensor<?x1x1x?xf32>) -> tensor<?x?x8xf32> {
  %a = tfm.attention %q, %k, %v mask %m heads 4 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x1x1x?xf32>) -> tensor<?x?x8xf32>
  return %a : tensor<?x?x8xf32>
}

