// RUN: tfm-opt %s --split-input-file --tfm-lower-attention | FileCheck %s

// A causal mask is a flag (kind 1): the kernel skips key blocks past the
// diagonal and reads no mask tensor.

// CHECK-LABEL: func.func @causal
// CHECK-SAME:    (%[[Q:.*]]: tensor<?x?x8xf32>, %[[K:.*]]: tensor<?x?x8xf32>, %[[V:.*]]: tensor<?x?x8xf32>, %[[T:.*]]: index)
// CHECK:       %[[INIT:.*]] = tensor.empty({{.*}}) : tensor<?x?x8xf32>
// CHECK:       tfmrt.attention %[[Q]], %[[K]], %[[V]] into %[[INIT]] heads 2 scale 5.000000e-01 mask_kind 1 :
// CHECK-NOT:   tfm.attention
func.func @causal(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %t: index) -> tensor<?x?x8xf32> {
  %keep = tfm.causal_mask %t : tensor<?x?xi1>
  %a = tfm.attention %q, %k, %v mask %keep heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
  return %a : tensor<?x?x8xf32>
}

