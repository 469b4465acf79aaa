// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// relative_position_bias: the bucket of each distance is a compile-time
// table (Hugging Face's f32 arithmetic: distances 0-7 exact, then
// logarithmic buckets up to 128, shared past it); one generic over
// [1, H, T, S] picks the direction's half, clamps the distance, and reads
// the bias table's row for the bucket.
// CHECK-LABEL: func.func @bidirectional
// CHECK-SAME: (%[[TABLE:.*]]: tensor<32x8xf32>, %[[T:.*]]: index, %[[S:.*]]: index)
// CHECK:      %[[BUCKETS:.*]] = arith.constant dense<"0x0000000000000000010000000000000002000000000000000300000000000000040000000000000005000000000000000600000000000000070000000000000008000000000000000800000000000000080000000000000008000000000000000900000000000000{{.*}}"> : tensor<129xi64>
// CHECK:      %[[INIT:.*]] = tensor.empty(%[[T]], %[[S]]) : tensor<1x8x?x?xf32>
// CHECK:      linalg.generic
// CHECK-SAME:   outs(%[[INIT]] : tensor<1x8x?x?xf32>)
// CHECK:        %[[H:.*]] = linalg.index 1 : index
// CHECK:        %[[I:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:        %[[J:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:        %[[REL:.*]] = arith.subi %[[J]], %[[I]] : i64
// CHECK:        %[[NEG:.*]] = arith.subi %{{.*}}, %[[REL]] : i64
// CHECK:        %[[AFTER:.*]] = arith.cmpi sgt, %[[REL]], %{{.*}} : i64
// CHECK:        %[[BASE:.*]] = arith.select %[[AFTER]], %{{.*}}, %{{.*}} : i64
// CHECK:        %[[DIST:.*]] = arith.maxsi %[[REL]], %[[NEG]] : i64
// CHECK:        %[[CLAMPED:.*]] = arith.minsi %[[DIST]], %{{.*}} : i64
// CHECK:        %[[IDX:.*]] = arith.index_cast %[[CLAMPED]] : i64 to index
// CHECK:        %[[B:.*]] = tensor.extract %[[BUCKETS]][%[[IDX]]] : tensor<129xi64>
// CHECK:        %[[BUCKET:.*]] = arith.addi %[[BASE]], %[[B]] : i64
// CHECK:        %[[ROW:.*]] = arith.index_cast %[[BUCKET]] : i64 to index
// CHECK:        %[[V:.*]] = tensor.extract %[[TABLE]][%[[ROW]], %[[H]]] : tensor<32x8xf32>
// CHECK:        linalg.yield %[[V]] : f32
func.func @bidirectional(%table: tensor<32x8xf32>, %t: index, %s: index) -> tensor<1x8x?x?xf32> {
  %0 = tfm.relative_position_bias %table queries %t keys %s max_distance 128 bidirectional : tensor<32x8xf32> -> tensor<1x8x?x?xf32>
  return %0 : tensor<1x8x?x?xf32>
}

// -----

// One direction: only keys before the query count (max(i - j, 0)), all
// buckets serve it, and a static result shape needs no lengths.
// CHECK-LABEL: func.func @unidirectional
// CHECK:      arith.constant dense<{{.*}}> : tensor<21xi64>
// CHECK:      tensor.empty() : tensor<1x3x4x5xf32>
// CHECK:      %[[REL:.*]] = arith.subi
// CHECK:      %[[NEG:.*]] = arith.subi %{{.*}}, %[[REL]] : i64
// CHECK-NOT:  arith.cmpi
// CHECK:      arith.maxsi %[[NEG]], %{{.*}} : i64
// CHECK:      arith.minsi
func.func @unidirectional(%table: tensor<10x3xf32>, %t: index, %s: index) -> tensor<1x3x4x5xf32> {
  %0 = tfm.relative_position_bias %table queries %t keys %s max_distance 20 : tensor<10x3xf32> -> tensor<1x3x4x5xf32>
  return %0 : tensor<1x3x4x5xf32>
}
