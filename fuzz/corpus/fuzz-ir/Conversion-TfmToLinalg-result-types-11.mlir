
// Dynamic everywhere: the count is read from the input at run time.
// CHECK-LABEL: func.func @layer_norm_features_dynamic
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x?xf32>
// CHECK:      %[[C1:.*]] = arith.constant 1 : index
// CHECK:      %[[DIM:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?xf32>
// CHECK:      %[[I64:.*]] = arith.index_castui %[[DIM]] : index to i64
// CHECK:      %[[COUNT:.*]] = arith.uitofp %[[I64]] : i64 to f32
// CHECK:      arith.divf %{{.*}}, %[[COUNT]] : f32
func.func @layer_norm_features_dynamic(%x: tensor<?x?xf32>, %g: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

