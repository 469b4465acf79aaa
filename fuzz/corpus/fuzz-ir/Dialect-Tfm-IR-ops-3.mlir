
// The other names a checkpoint may use, in order, after the type.
// CHECK-LABEL: func.func @param_aliases
// CHECK: %[[P:.*]] = tfm.param "ln.weight" : tensor<4xf32> aliases ["ln.gamma", "bert.ln.weight"]
// CHECK-NEXT: %[[T:.*]] = tfm.param "fc.weight" transposed : tensor<4x8xf32> aliases ["bert.fc.weight"]
// CHECK-NEXT: return %[[P]], %[[T]]
func.func @param_aliases() -> (tensor<4xf32>, tensor<4x8xf32>) {
  %0 = tfm.param "ln.weight" : tensor<4xf32> aliases ["ln.gamma", "bert.ln.weight"]
  %1 = tfm.param "fc.weight" transposed : tensor<4x8xf32> aliases ["bert.fc.weight"]
  return %0, %1 : tensor<4xf32>, tensor<4x8xf32>
}

