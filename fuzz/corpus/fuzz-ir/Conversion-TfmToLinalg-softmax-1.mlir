
// A rank-1 softmax reduces to rank-0 tensors.
// CHECK-LABEL: func.func @softmax_rank1
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>]
// CHECK-SAME:   iterator_types = ["reduction"]
// CHECK-SAME:   outs(%{{.*}} : tensor<f32>)
func.func @softmax_rank1(%x: tensor<5xf32>) -> tensor<5xf32> {
  %0 = tfm.softmax %x : tensor<5xf32>
  return %0 : tensor<5xf32>
}

