// RUN: tfm-opt %s --split-input-file --mlir-print-local-scope --tfm-to-linalg | FileCheck %s --implicit-check-not=tfm.

// Masks are generics without inputs (their values come from linalg.index)
// or a generic over the attention mask.

// keep[i, j] = j <= i, over a [T, T] tensor sized by the operand.
// CHECK-LABEL: func.func @causal_mask
// CHECK-SAME: (%[[T:.*]]: index)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%[[T]], %[[T]]) : tensor<?x?xi1>
// CHECK-NOT:  arith.subi
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

// -----

// A static result type ignores the operand.
// CHECK-LABEL: func.func @causal_mask_static
// CHECK:      tensor.empty() : tensor<4x4xi1>
// CHECK:      arith.cmpi ule
func.func @causal_mask_static(%t: index) -> tensor<4x4xi1> {
  %0 = tfm.causal_mask %t : tensor<4x4xi1>
  return %0 : tensor<4x4xi1>
}

// -----

// With keys, [T, S] and aligned to the bottom right (the T queries are the
// last of the S positions): keep[i, j] = j <= i + (S - T).
// CHECK-LABEL: func.func @causal_mask_keys
// CHECK-SAME: (%[[T:.*]]: index, %[[S:.*]]: index)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%[[T]], %[[S]]) : tensor<?x?xi1>
// CHECK:      %[[SHIFT:.*]] = arith.subi %[[S]], %[[T]] : index
// CHECK:      %[[M:.*]] = linalg.generic
// CHECK-SAME:   outs(%[[EMPTY]] : tensor<?x?xi1>)
// CHECK-NEXT: ^bb0(%{{.*}}: i1):
// CHECK-NEXT:   %[[I:.*]] = linalg.index 0 : index
// CHECK-NEXT:   %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:   %[[LAST:.*]] = arith.addi %[[I]], %[[SHIFT]] : index
// CHECK-NEXT:   %[[KEEP:.*]] = arith.cmpi ule, %[[J]], %[[LAST]] : index
// CHECK-NEXT:   linalg.yield %[[KEEP]] : i1
// CHECK:      return %[[M]]
func.func @causal_mask_keys(%t: index, %s: index) -> tensor<?x?xi1> {
  %0 = tfm.causal_mask %t keys %s : tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// Without keys there is no shift (above); with keys and a static type, the
// sizes are the type's and the shift still the operands'.
// CHECK-LABEL: func.func @causal_mask_keys_static
// CHECK-SAME: (%[[T:.*]]: index, %[[S:.*]]: index)
// CHECK:      tensor.empty() : tensor<1x5xi1>
// CHECK:      %[[SHIFT:.*]] = arith.subi %[[S]], %[[T]] : index
// CHECK:      %[[I:.*]] = linalg.index 0 : index
// CHECK:      %[[J:.*]] = linalg.index 1 : index
// CHECK:      %[[LAST:.*]] = arith.addi %[[I]], %[[SHIFT]] : index
// CHECK:      arith.cmpi ule, %[[J]], %[[LAST]] : index
func.func @causal_mask_keys_static(%t: index, %s: index) -> tensor<1x5xi1> {
  %0 = tfm.causal_mask %t keys %s : tensor<1x5xi1>
  return %0 : tensor<1x5xi1>
}

// -----

// [B, S] ids mask -> [B, 1, 1, S] additive mask: 0 where the mask is 1, the
// lowest finite float where it is 0 (as Hugging Face does), not -inf.
// CHECK-LABEL: func.func @padding_mask
// CHECK-SAME: (%[[M:.*]]: tensor<?x?xi64>)
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x1x1x?xf32>
// CHECK:      %[[R:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-SAME:   ins(%[[M]] : tensor<?x?xi64>) outs(%[[EMPTY]] : tensor<?x1x1x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: i64, %{{.*}}: f32):
// CHECK-NEXT:   %[[ZERO_ID:.*]] = arith.constant 0 : i64
// CHECK-NEXT:   %[[PAD:.*]] = arith.cmpi eq, %[[IN]], %[[ZERO_ID]] : i64
// CHECK-NEXT:   %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// CHECK-NEXT:   %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:   %[[V:.*]] = arith.select %[[PAD]], %[[LOWEST]], %[[ZERO]] : f32
// CHECK-NEXT:   linalg.yield %[[V]] : f32
// CHECK:      return %[[R]]
func.func @padding_mask(%m: tensor<?x?xi64>) -> tensor<?x1x1x?xf32> {
  %0 = tfm.padding_mask %m : tensor<?x?xi64> -> tensor<?x1x1x?xf32>
  return %0 : tensor<?x1x1x?xf32>
}

// -----

// The lowest value is the element type's: -65504 for f16.
// CHECK-LABEL: func.func @padding_mask_f16
// CHECK-NOT:  0xFC00
// CHECK:      arith.constant -6.550400e+04 : f16
func.func @padding_mask_f16(%m: tensor<2x3xi32>) -> tensor<2x1x1x3xf16> {
  %0 = tfm.padding_mask %m : tensor<2x3xi32> -> tensor<2x1x1x3xf16>
  return %0 : tensor<2x1x1x3xf16>
}

// -----

// splitmix64 of (seed, row * T + column), its top 24 bits compared with
// probability * 2^24 (0.15 -> 2516582).
// CHECK-LABEL: func.func @mlm_mask
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi64>)
// CHECK:      %[[SEED:.*]] = arith.constant 42 : i64
// CHECK:      %[[EMPTY:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xi1>
// CHECK:      %[[M:.*]] = linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:   iterator_types = ["parallel", "parallel"]
// CHECK-SAME:   outs(%[[EMPTY]] : tensor<?x?xi1>)
// CHECK:        linalg.index 0 : index
// CHECK:        linalg.index 1 : index
// CHECK:        tensor.dim %[[IDS]], %{{.*}} : tensor<?x?xi64>
// CHECK:        arith.constant -7046029254386353131 : i64
// CHECK:        arith.addi %[[SEED]], %{{.*}} : i64
// CHECK:        arith.constant 30 : i64
// CHECK:        arith.constant -4658895280553007687 : i64
// CHECK:        arith.constant 27 : i64
// CHECK:        arith.constant -7723592293110705685 : i64
// CHECK:        arith.constant 31 : i64
// CHECK:        %[[C40:.*]] = arith.constant 40 : i64
// CHECK-NEXT:   %[[TOP:.*]] = arith.shrui %{{.*}}, %[[C40]] : i64
// CHECK-NEXT:   %[[THRESHOLD:.*]] = arith.constant 2516582 : i64
// CHECK-NEXT:   %[[KEEP:.*]] = arith.cmpi ult, %[[TOP]], %[[THRESHOLD]] : i64
// CHECK-NEXT:   linalg.yield %[[KEEP]] : i1
// CHECK:      return %[[M]]
func.func @mlm_mask(%ids: tensor<?x?xi64>) -> tensor<?x?xi1> {
  %0 = tfm.mlm_mask %ids seed 42 probability 1.500000e-01 : tensor<?x?xi64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// With a step, the key is itself a draw: splitmix64(seed + (step + 1) * gamma),
// computed once outside the loop; excluded ids are never kept.
// CHECK-LABEL: func.func @mlm_mask_step_exclude
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x?xi32>, %[[STEP:.*]]: tensor<i64>)
// CHECK:      arith.constant 7 : i64
// CHECK:      %[[S:.*]] = tensor.extract %[[STEP]][] : tensor<i64>
// CHECK:      %[[NEXT:.*]] = arith.addi %[[S]], %{{.*}} : i64
// CHECK:      arith.muli %[[NEXT]], %{{.*}} : i64
// CHECK:      linalg.generic
// CHECK-SAME:   indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:   ins(%[[IDS]] : tensor<?x?xi32>)
// CHECK-NEXT: ^bb0(%[[ID:.*]]: i32, %{{.*}}: i1):
// CHECK:        %[[KEEP:.*]] = arith.cmpi ult
// CHECK-NEXT:   %[[C101:.*]] = arith.constant 101 : i32
// CHECK-NEXT:   %[[NOT101:.*]] = arith.cmpi ne, %[[ID]], %[[C101]] : i32
// CHECK-NEXT:   %[[KEEP1:.*]] = arith.andi %[[KEEP]], %[[NOT101]] : i1
// CHECK-NEXT:   %[[C0:.*]] = arith.constant 0 : i32
// CHECK-NEXT:   %[[NOT0:.*]] = arith.cmpi ne, %[[ID]], %[[C0]] : i32
// CHECK-NEXT:   %[[KEEP2:.*]] = arith.andi %[[KEEP1]], %[[NOT0]] : i1
// CHECK-NEXT:   linalg.yield %[[KEEP2]] : i1
func.func @mlm_mask_step_exclude(%ids: tensor<?x?xi32>, %step: tensor<i64>) -> tensor<?x?xi1> {
  %0 = tfm.mlm_mask %ids step %step seed 7 probability 1.500000e-01 exclude [101, 0] : tensor<?x?xi32>, tensor<i64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// -----

// Where the mask is true: [MASK] below 0.8 * 2^24 (13421772), a random id
// (a draw of its own stream, modulo vocab) below 0.9 * 2^24 (15099494), else
// the id; where it is false the id.
// CHECK-LABEL: func.func @mlm_corrupt
// CHECK-SAME: (%[[IDS:.*]]: tensor<2x5xi64>, %[[MASK:.*]]: tensor<2x5xi1>)
// CHECK:      %[[SEED:.*]] = arith.constant 3 : i64
// CHECK:      %[[CHOICE_STREAM:.*]] = arith.constant 7640891576956012809 : i64
// CHECK:      %[[CHOICE_KEY:.*]] = arith.xori %[[SEED]], %[[CHOICE_STREAM]] : i64
// CHECK:      %[[TOKEN_STREAM:.*]] = arith.constant -4942790177534073029 : i64
// CHECK:      %[[TOKEN_KEY:.*]] = arith.xori %[[SEED]], %[[TOKEN_STREAM]] : i64
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%[[IDS]], %[[MASK]] : tensor<2x5xi64>, tensor<2x5xi1>)
// CHECK-NEXT: ^bb0(%[[ID:.*]]: i64, %[[M:.*]]: i1, %{{.*}}: i64):
// CHECK:        arith.addi %[[CHOICE_KEY]], %{{.*}} : i64
// CHECK:        %[[C40:.*]] = arith.constant 40 : i64
// CHECK-NEXT:   %[[CHOICE:.*]] = arith.shrui %{{.*}}, %[[C40]] : i64
// CHECK:        arith.addi %[[TOKEN_KEY]], %{{.*}} : i64
// CHECK:        %[[VOCAB:.*]] = arith.constant 1000 : i64
// CHECK:        %[[TOKEN:.*]] = arith.remui %{{.*}}, %[[VOCAB]] : i64
// CHECK:        %[[MASK_ID:.*]] = arith.constant 4 : i64
// CHECK:        %[[T80:.*]] = arith.constant 13421772 : i64
// CHECK:        %[[BELOW80:.*]] = arith.cmpi ult, %[[CHOICE]], %[[T80]] : i64
// CHECK:        %[[T90:.*]] = arith.constant 15099494 : i64
// CHECK:        %[[BELOW90:.*]] = arith.cmpi ult, %[[CHOICE]], %[[T90]] : i64
// CHECK:        %[[RANDOM_OR_ID:.*]] = arith.select %[[BELOW90]], %[[TOKEN]], %[[ID]] : i64
// CHECK:        %[[REPLACED:.*]] = arith.select %[[BELOW80]], %[[MASK_ID]], %[[RANDOM_OR_ID]] : i64
// CHECK:        %[[OUT:.*]] = arith.select %[[M]], %[[REPLACED]], %[[ID]] : i64
// CHECK-NEXT:   linalg.yield %[[OUT]] : i64
func.func @mlm_corrupt(%ids: tensor<2x5xi64>, %mask: tensor<2x5xi1>) -> tensor<2x5xi64> {
  %0 = tfm.mlm_corrupt %ids, %mask seed 3 mask_token 4 vocab 1000 : (tensor<2x5xi64>, tensor<2x5xi1>) -> tensor<2x5xi64>
  return %0 : tensor<2x5xi64>
}

// -----

// i32 ids: the random id is truncated after the modulo.
// CHECK-LABEL: func.func @mlm_corrupt_i32
// CHECK:        %[[TOKEN:.*]] = arith.remui %{{.*}}, %{{.*}} : i64
// CHECK-NEXT:   arith.trunci %[[TOKEN]] : i64 to i32
func.func @mlm_corrupt_i32(%ids: tensor<?x?xi32>, %mask: tensor<?x?xi1>, %step: tensor<i64>) -> tensor<?x?xi32> {
  %0 = tfm.mlm_corrupt %ids, %mask step %step seed 3 mask_token 4 vocab 1000 : (tensor<?x?xi32>, tensor<?x?xi1>, tensor<i64>) -> tensor<?x?xi32>
  return %0 : tensor<?x?xi32>
}

// -----

// Probability 1 masks everything (threshold 2^24 exceeds every 24-bit value),
// probability 0 nothing (threshold 0).
// CHECK-LABEL: func.func @mlm_mask_bounds
// CHECK:      %[[ALL:.*]] = arith.constant 16777216 : i64
// CHECK-NEXT: arith.cmpi ult, %{{.*}}, %[[ALL]] : i64
// CHECK:      %[[NONE:.*]] = arith.constant 0 : i64
// CHECK-NEXT: arith.cmpi ult, %{{.*}}, %[[NONE]] : i64
func.func @mlm_mask_bounds(%ids: tensor<2x3xi32>) -> (tensor<2x3xi1>, tensor<2x3xi1>) {
  %0 = tfm.mlm_mask %ids seed 7 probability 1.0 : tensor<2x3xi32> -> tensor<2x3xi1>
  %1 = tfm.mlm_mask %ids seed 7 probability 0.0 : tensor<2x3xi32> -> tensor<2x3xi1>
  return %0, %1 : tensor<2x3xi1>, tensor<2x3xi1>
}
