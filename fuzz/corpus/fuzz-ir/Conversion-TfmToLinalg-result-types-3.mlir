
// A declared result that leaves the number of output features dynamic: the
// lowering takes it from the weight, 6.
// CHECK-LABEL: func.func @linear_features_dynamic
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x6xf32> to tensor<?x?xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x?xf32>
func.func @linear_features_dynamic(%x: tensor<?x4xf32>, %w: tensor<6x4xf32>) -> tensor<?x?xf32> {
  %0 = tfm.linear %x, %w layout <out_in> : (tensor<?x4xf32>, tensor<6x4xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

