
// The same in layout out_in, declared with a static number of features.
// CHECK-LABEL: func.func @linear_out_in_weight_dynamic
// CHECK:      %[[CAST:.*]] = tensor.cast %{{.*}} : tensor<?x?xf32> to tensor<?x6xf32>
// CHECK-NEXT: return %[[CAST]] : tensor<?x6xf32>
func.func @linear_out_in_weight_dynamic(%x: tensor<?x4xf32>, %w: tensor<?x4xf32>, %b: tensor<?xf32>) -> tensor<?x6xf32> {
  %0 = tfm.linear %x, %w, %b layout <out_in> : (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

