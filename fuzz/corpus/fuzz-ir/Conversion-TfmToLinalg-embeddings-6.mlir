
// Row 0 of every sequence, as a rank-reducing slice: no copy, no generic.
// CHECK-LABEL: func.func @cls_token
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x8xf32>)
// CHECK-NOT:  linalg.
// CHECK:      %[[CLS:.*]] = tensor.extract_slice %[[X]][0, 0, 0] [%{{.*}}, 1, 8] [1, 1, 1] : tensor<?x?x8xf32> to tensor<?x8xf32>
// CHECK-NEXT: return %[[CLS]]
func.func @cls_token(%x: tensor<?x?x8xf32>) -> tensor<?x8xf32> {
  %0 = tfm.cls_token %x : tensor<?x?x8xf32> -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

