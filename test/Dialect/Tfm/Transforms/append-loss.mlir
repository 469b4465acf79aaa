// RUN: tfm-opt %s --split-input-file --tfm-append-loss | FileCheck %s --check-prefix=NEXT
// RUN: tfm-opt %s --split-input-file --tfm-append-loss="objective=masked-lm seed=5 mask-token=3 exclude=0,1" | FileCheck %s --check-prefix=MLM
// RUN: not tfm-opt %s --tfm-append-loss="objective=masked-lm mask-token=10" 2>&1 | FileCheck %s --check-prefix=MASK-TOKEN
// RUN: not tfm-opt %s --tfm-append-loss="objective=masked-lm mask-token=3 probability=1.5" 2>&1 | FileCheck %s --check-prefix=PROBABILITY

// MASK-TOKEN: error: tfm-append-loss: masked-lm needs a mask-token in [0, 10), but has 10
// PROBABILITY: error: tfm-append-loss: probability must be in [0, 1], but is 1.5

// A language model: the loss replaces its outputs; what only the dropped
// output used (the pooled row and its weight) goes.

// NEXT-LABEL: func.func @forward
// NEXT-SAME:    (%[[IDS:.*]]: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<f32> {tfm.name = "loss"})
// NEXT:         %[[TABLE:.*]] = tfm.param "wte.weight"
// NEXT-NOT:     tfm.param "pool.weight"
// NEXT:         %[[LOGITS:.*]] = tfm.embedding %[[TABLE]][%[[IDS]]]
// NEXT:         %[[LOSS:.*]] = tfm.cross_entropy %[[LOGITS]], %[[IDS]] next_token : (tensor<?x?x10xf32>, tensor<?x?xi64>) -> tensor<f32>
// NEXT-NEXT:    return %[[LOSS]] : tensor<f32>

// The masked positions are drawn per call (a new mlm_step input) and never at
// the excluded ids; the model reads the corrupted ids; the loss is scored
// against the original ids at the masked positions.
// MLM-LABEL: func.func @forward
// MLM-SAME:    (%[[IDS:.*]]: tensor<?x?xi64> {tfm.name = "input_ids"}, %[[STEP:.*]]: tensor<i64> {tfm.name = "mlm_step"})
// MLM-SAME:    -> (tensor<f32> {tfm.name = "loss"}, tensor<?x?xf32> {tfm.name = "masked_positions"})
// MLM-NEXT:    %[[MASK:.*]] = tfm.mlm_mask %[[IDS]] step %[[STEP]] seed 5 probability 1.500000e-01 exclude [0, 1]
// MLM-NEXT:    %[[INPUT:.*]] = tfm.mlm_corrupt %[[IDS]], %[[MASK]] step %[[STEP]] seed 5 mask_token 3 vocab 10
// MLM:         %[[LOGITS:.*]] = tfm.embedding %{{.*}}[%[[INPUT]]]
// MLM:         %[[LOSS:.*]] = tfm.cross_entropy %[[LOGITS]], %[[IDS]] mask %[[MASK]] : (tensor<?x?x10xf32>, tensor<?x?xi64>, tensor<?x?xi1>) -> tensor<f32>
// MLM:         %[[POSITIONS:.*]] = tfm.select %[[MASK]], %{{.*}}, %{{.*}} : (tensor<?x?xi1>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
// MLM-NEXT:    return %[[LOSS]], %[[POSITIONS]] : tensor<f32>, tensor<?x?xf32>
func.func @forward(%ids: tensor<?x?xi64> {tfm.name = "input_ids"}) -> (tensor<?x?x10xf32> {tfm.name = "logits"}, tensor<?x10xf32> {tfm.name = "pooled"}) {
  %table = tfm.param "wte.weight" : tensor<10x10xf32>
  %pool = tfm.param "pool.weight" : tensor<10x10xf32>
  %logits = tfm.embedding %table[%ids] : tensor<10x10xf32>, tensor<?x?xi64> -> tensor<?x?x10xf32>
  %first = tfm.embedding %pool[%ids] : tensor<10x10xf32>, tensor<?x?xi64> -> tensor<?x?x10xf32>
  %pooled = tfm.cls_token %first : tensor<?x?x10xf32> -> tensor<?x10xf32>
  return %logits, %pooled : tensor<?x?x10xf32>, tensor<?x10xf32>
}
