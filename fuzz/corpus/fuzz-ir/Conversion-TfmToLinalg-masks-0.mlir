// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// Masks are generics without inputs (their values come from linalg.index)
// or a generic over the attention mask.

// keep[i, j] = j <= i, over a [T, T] tensor sized by the operand.
// CHECK-LABEL: func.func @causal_mask
// CHECK-SAME: (%[[T:.*]]: index)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%[[T]], %[[T]]) : tensor<?x?xi1>
// CHECK:      %[[M:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   outs(%[[EMPTY]] : tensor<?x?xi1>)
// CHECK-NEXT: ^bb0(%{{.*}}: i1):
// CHECK-NEXT:   %[[I:.*]] = linalg.index 0 : index
// CHECK-NEXT:   %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:   %[[KEEP:.*]] = arith.cmpi ule, %[[J]], %[[I]] : index
// CHECK-NEXT:   linalg.yield %[[KEEP]] : i1
// CHECK:      return %[[M]]
func.func @causal_mask(%t: index) -> tensor<?x?xi1> {
  %0 = tfm.causal_mask %t : tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

