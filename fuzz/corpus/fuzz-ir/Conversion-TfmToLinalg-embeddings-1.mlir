
// i32 ids are cast to index the same way.
// CHECK-LABEL: func.func @embedding_i32
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%{{.*}} : tensor<2x3xi32>) outs(%{{.*}} : tensor<2x3x4xf32>)
// CHECK:        arith.index_cast %{{.*}} : i32 to index
func.func @embedding_i32(%table: tensor<10x4xf32>, %ids: tensor<2x3xi32>) -> tensor<2x3x4xf32> {
  %0 = tfm.embedding %table[%ids] : tensor<10x4xf32>, tensor<2x3xi32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

