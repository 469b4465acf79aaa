
// The lowest finite value is as good as -inf (Hugging Face's GPT-2 uses it).
// CHECK-LABEL: func.func @select_lowest
// CHECK-SAME: (%[[S:.*]]: tensor<4x4xf32>, %[[K:.*]]: tensor<4x4xi1>)
// CHECK-NEXT: %[[P:.*]] = tfm.masked_softmax %[[S]], %[[K]] scale 1.000000e+00
// CHECK-NEXT: return %[[P]]
func.func @select_lowest(%scores: tensor<4x4xf32>, %keep: tensor<4x4xi1>) -> tensor<4x4xf32> {
  %lowest = arith.constant dense<-3.40282347E+38> : tensor<f32>
  %m = tfm.select %keep, %scores, %lowest : (tensor<4x4xi1>, tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  %p = tfm.softmax %m : tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

