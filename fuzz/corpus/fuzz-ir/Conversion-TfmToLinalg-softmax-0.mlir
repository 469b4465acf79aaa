// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// softmax over the last dimension is three generics: a row max (from -inf),
// a row sum of exp(x - max) (from 0), and exp(x - max) / sum. A masked
// softmax recomputes the masked, scaled score inside each of the three
// bodies instead of materialising it: a boolean keep-mask selects -inf, an
// additive mask is added. Attention is decomposed into split_heads, Q·Kᵀ,
// (masked) softmax, ·V and merge_heads, which lower as above.

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x?x?xf32>)
// CHECK:      %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:      %[[INIT_MAX:.*]] = linalg.fill ins(%[[NEG_INF]] : f32) outs(%{{.*}} : tensor<?x2x?xf32>)
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]] : tensor<?x2x?x?xf32>) outs(%[[INIT_MAX]] : tensor<?x2x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[M:.*]] = arith.maximumf %[[IN]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[M]] : f32
// CHECK:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:      %[[INIT_SUM:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x2x?xf32>)
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[X]], %[[MAX]] : tensor<?x2x?x?xf32>, tensor<?x2x?xf32>) outs(%[[INIT_SUM]] : tensor<?x2x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[MX:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[IN]], %[[MX]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[E]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}, %{{.*}}) : tensor<?x2x?x?xf32>
// CHECK:      %[[P:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<?x2x?x?xf32>, tensor<?x2x?xf32>, tensor<?x2x?xf32>) outs(%[[EMPTY]] : tensor<?x2x?x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[MX:.*]]: f32, %[[SM:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[IN]], %[[MX]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   %[[Q:.*]] = arith.divf %[[E]], %[[SM]] : f32
// CHECK-NEXT:   linalg.yield %[[Q]] : f32
// CHECK-NOT:  linalg.generic
// CHECK:      return %[[P]]
func.func @softmax(%x: tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32> {
  %0 = tfm.softmax %x : tensor<?x2x?x?xf32>
  return %0 : tensor<?x2x?x?xf32>
}

