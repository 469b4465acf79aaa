
// A transposed parameter (bound as the transpose of the stored [out, in]
// tensor; see tfm-pretranspose-weights) next to the stored one of the same
// name.
// CHECK-LABEL: func.func @param_transposed
// CHECK: %[[T:.*]] = tfm.param "pooler.dense.weight" transposed : tensor<4x8xf32>
// CHECK-NEXT: %[[S:.*]] = tfm.param "pooler.dense.weight" : tensor<8x4xf32>
// CHECK-NEXT: return %[[T]], %[[S]] : tensor<4x8xf32>, tensor<8x4xf32>
func.func @param_transposed() -> (tensor<4x8xf32>, tensor<8x4xf32>) {
  %0 = tfm.param "pooler.dense.weight" transposed : tensor<4x8xf32>
  %1 = tfm.param "pooler.dense.weight" : tensor<8x4xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<8x4xf32>
}

