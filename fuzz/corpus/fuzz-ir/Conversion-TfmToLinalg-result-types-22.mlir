
// attention requires a static hidden size of the query only; a key and value
// that leave theirs dynamic are cast to the query's before the heads split.
// CHECK-LABEL: func.func @attention_key_hidden_dynamic
// CHECK-SAME: (%{{[^:]*}}: tensor<?x?x8xf32>, %[[K:[^:]*]]: tensor<?x?x?xf32>, %[[V:[^:]*]]: tensor<?x?x?xf32>)
// CHECK-DAG:  tensor.cast %[[K]] : tensor<?x?x?xf32> to tensor<?x?x8xf32>
// CHECK-DAG:  tensor.cast %[[V]] : tensor<?x?x?xf32> to tensor<?x?x8xf32>
// CHECK:      %[[Y:.*]] = tensor.collapse_shape {{.*}} into tensor<?x?x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<?x?x8xf32>
func.func @attention_key_hidden_dynamic(%q: tensor<?x?x8xf32>, %k: tensor<?x?x?xf32>, %v: tensor<?x?x?xf32>) -> tensor<?x?x8xf32> {
  %0 = tfm.attention %q, %k, %v heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

