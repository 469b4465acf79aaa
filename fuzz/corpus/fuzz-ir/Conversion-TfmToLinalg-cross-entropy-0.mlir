// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// tfm.cross_entropy: row max and row sum of exp(x - max) over V, a [B, T]
// generic giving each position's loss and whether it counts, a reduction of
// those to (sum f64, count i64), and the division. No tfm op survives.

// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME: (%[[LOGITS:.*]]: tensor<?x?x11xf32>, %[[LABELS:.*]]: tensor<?x?xi64>)
// Row max, from -inf.
// CHECK:      %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:      %[[MAX_INIT:.*]] = linalg.fill ins(%[[NEG_INF]] : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK:      %[[MAX:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[LOGITS]] : tensor<?x?x11xf32>) outs(%[[MAX_INIT]] : tensor<?x?xf32>)
// CHECK:        arith.maximumf
// Row sum of exp(x - max).
// CHECK:      %[[SUM_INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK:      %[[SUM:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:   ins(%[[LOGITS]], %[[MAX]] : tensor<?x?x11xf32>, tensor<?x?xf32>) outs(%[[SUM_INIT]] : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[D:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[D]] : f32
// CHECK-NEXT:   %[[S:.*]] = arith.addf %[[E]], %[[ACC]] : f32
// CHECK-NEXT:   linalg.yield %[[S]] : f32
// The label's index is clamped into [0, V - 1].
// CHECK:      %[[V_I64:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:      %[[V_LAST:.*]] = arith.subi %[[V_I64]], %{{.*}} : i64
// Per position: loss (0 where not counted) and whether it counts.
// CHECK:      %[[PER:.*]]:2 = linalg.generic
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   ins(%[[MAX]], %[[SUM]], %[[LABELS]] : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi64>)
// CHECK-SAME:   outs(%{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?x?xi1>)
// CHECK-NEXT: ^bb0(%[[ROW_MAX:.*]]: f32, %[[ROW_SUM:.*]]: f32, %[[LABEL:.*]]: i64, %{{.*}}: f32, %{{.*}}: i1):
// CHECK-DAG:    %[[B:.*]] = linalg.index 0 : index
// CHECK-DAG:    %[[T:.*]] = linalg.index 1 : index
// CHECK-DAG:    %[[IGNORE:.*]] = arith.constant -100 : i64
// CHECK:        %[[COUNTS:.*]] = arith.cmpi ne, %[[LABEL]], %[[IGNORE]] : i64
// CHECK:        %[[LO:.*]] = arith.minsi %[[LABEL]], %[[V_LAST]] : i64
// CHECK:        %[[CLAMPED:.*]] = arith.maxsi %[[LO]], %{{.*}} : i64
// CHECK:        %[[COL:.*]] = arith.index_cast %[[CLAMPED]] : i64 to index
// CHECK:        %[[TARGET:.*]] = tensor.extract %[[LOGITS]][%[[B]], %[[T]], %[[COL]]] : tensor<?x?x11xf32>
// CHECK:        %[[LOG:.*]] = math.log %[[ROW_SUM]] : f32
// CHECK:        %[[LSE:.*]] = arith.addf %[[LOG]], %[[ROW_MAX]] : f32
// CHECK:        %[[LOSS:.*]] = arith.subf %[[LSE]], %[[TARGET]] : f32
// CHECK:        %[[KEPT:.*]] = arith.select %[[COUNTS]], %[[LOSS]], %{{.*}} : f32
// CHECK:        linalg.yield %[[KEPT]], %[[COUNTS]] : f32, i1
// Sum (f64) and count (i64) over [B, T].
// CHECK:      %[[TOTALS:.*]]:2 = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> ()>]
// CHECK-SAME:   iterator_types = ["reduction", "reduction"]
// CHECK-SAME:   ins(%[[PER]]#0, %[[PER]]#1 : tensor<?x?xf32>, tensor<?x?xi1>) outs(%{{.*}}, %{{.*}} : tensor<f64>, tensor<i64>)
// CHECK:        arith.extf %{{.*}} : f32 to f64
// CHECK:        arith.extui %{{.*}} : i1 to i64
// The mean; 0/0 = NaN when nothing counts.
// CHECK:      %[[MEAN:.*]] = linalg.generic
// CHECK-SAME:   iterator_types = []
// CHECK-SAME:   ins(%[[TOTALS]]#0, %[[TOTALS]]#1 : tensor<f64>, tensor<i64>) outs(%{{.*}} : tensor<f32>)
// CHECK-NEXT: ^bb0(%[[TOTAL:.*]]: f64, %[[COUNT:.*]]: i64, %{{.*}}: f32):
// CHECK-NEXT:   %[[N:.*]] = arith.sitofp %[[COUNT]] : i64 to f64
// CHECK-NEXT:   %[[Q:.*]] = arith.divf %[[TOTAL]], %[[N]] : f64
// CHECK-NEXT:   %[[R:.*]] = arith.truncf %[[Q]] : f64 to f32
// CHECK-NEXT:   linalg.yield %[[R]] : f32
// CHECK:      return %[[MEAN]] : tensor<f32>
func.func @cross_entropy(%logits: tensor<?x?x11xf32>, %labels: tensor<?x?xi64>) -> tensor<f32> {
  %0 = tfm.cross_entropy %logits, %labels : (tensor<?x?x11xf32>, tensor<?x?xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

