
// A dimension along which every operand broadcasts (a static 1, or missing)
// has size 1, even where the declared type leaves it dynamic.
// CHECK-LABEL: func.func @select_broadcast_dims_dynamic
// CHECK:      %[[EMPTY:.*]] = tensor.empty() : tensor<1x3xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   outs(%[[EMPTY]] : tensor<1x3xf32>)
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<1x3xf32> to tensor<?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xf32>
func.func @select_broadcast_dims_dynamic(%c: tensor<1x3xi1>, %a: tensor<3xf32>, %b: tensor<f32>) -> tensor<?x?xf32> {
  %0 = tfm.select %c, %a, %b : (tensor<1x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

