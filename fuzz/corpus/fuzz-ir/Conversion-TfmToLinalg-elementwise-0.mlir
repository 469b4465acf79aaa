// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// layer_norm (two row reductions and a normalising generic), gelu, and the
// broadcasting element-wise ops add, scale and select. A broadcast operand
// dimension (a static 1) is read at constant index 0; a missing leading
// dimension is dropped from the operand's map.

// Row sums, then sums of squared deviations from the mean (two passes), then
// (x - mean) * rsqrt(var + eps) * gamma + beta, re-reading x.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x4xf32>, %[[G:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-DAG:  %[[N:.*]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG:  %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:      %[[INIT1:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]] : tensor<?x?x4xf32>) outs(%[[INIT1]] : tensor<?x?xf32>)
// CHECK:        arith.addf
// CHECK:      %[[INIT2:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK:      %[[SQ:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[SUM]] : tensor<?x?x4xf32>, tensor<?x?xf32>) outs(%[[INIT2]] : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[S:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[MEAN:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[XI]], %[[MEAN]] : f32
// CHECK-NEXT:   %[[D2:.*]] = arith.mulf %[[D]], %[[D]] : f32
// CHECK-NEXT:   %[[NEXT:.*]] = arith.addf %[[D2]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[NEXT]] : f32
// CHECK:      %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK:      %[[Y:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[X]], %[[SUM]], %[[SQ]], %[[G]], %[[B]] :
// CHECK-NEXT: ^bb0(%[[XI:.*]]: f32, %[[S:.*]]: f32, %[[SS:.*]]: f32, %[[GI:.*]]: f32, %[[BI:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[MEAN:.*]] = arith.divf %[[S]], %[[N]] : f32
// CHECK-NEXT:   %[[VAR:.*]] = arith.divf %[[SS]], %[[N]] : f32
// CHECK-NEXT:   %[[VE:.*]] = arith.addf %[[VAR]], %[[EPS]] : f32
// CHECK-NEXT:   %[[INV:.*]] = math.rsqrt %[[VE]] : f32
// CHECK-NEXT:   %[[C:.*]] = arith.subf %[[XI]], %[[MEAN]] : f32
// CHECK-NEXT:   %[[NORM:.*]] = arith.mulf %[[C]], %[[INV]] : f32
// CHECK-NEXT:   %[[SCALED:.*]] = arith.mulf %[[NORM]], %[[GI]] : f32
// CHECK-NEXT:   %[[OUT:.*]] = arith.addf %[[SCALED]], %[[BI]] : f32
// CHECK-NEXT:   linalg.yield %[[OUT]] : f32
// CHECK:      return %[[Y]]
func.func @layer_norm(%x: tensor<?x?x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<?x?x4xf32> {
  %0 = tfm.layer_norm %x, %g, %b eps 1.000000e-05 : (tensor<?x?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

