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

// -----

// An additive f32 mask is passed as is (kind 2); the kernel broadcasts it.

// CHECK-LABEL: func.func @additive
// CHECK-SAME:    (%[[Q:.*]]: tensor<?x?x8xf32>, %{{.*}}, %{{.*}}, %[[M:.*]]: tensor<?x1x1x?xf32>)
// CHECK:       tfmrt.attention %[[Q]], %{{.*}}, %{{.*}} mask %[[M]] into %{{.*}} heads 4 scale 5.000000e-01 mask_kind 2 :
func.func @additive(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %m: tensor<?x1x1x?xf32>) -> tensor<?x?x8xf32> {
  %a = tfm.attention %q, %k, %v mask %m heads 4 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x1x1x?xf32>) -> tensor<?x?x8xf32>
  return %a : tensor<?x?x8xf32>
}

// -----

// A boolean keep-mask that is not causal_mask's becomes additive: 0 where
// kept, -inf where not, selected before the softmax as the op means.

// CHECK-LABEL: func.func @keep_mask
// CHECK-SAME:    (%{{.*}}, %{{.*}}, %{{.*}}, %[[KEEP:.*]]: tensor<?x?xi1>)
// CHECK-DAG:   %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG:   %[[NEG_INF:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
// CHECK:       %[[ADD:.*]] = tfm.select %[[KEEP]], %[[ZERO]], %[[NEG_INF]] : (tensor<?x?xi1>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
// CHECK:       tfmrt.attention {{.*}} mask %[[ADD]] into {{.*}} mask_kind 2 :
func.func @keep_mask(%q: tensor<?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %keep: tensor<?x?xi1>) -> tensor<?x?x8xf32> {
  %a = tfm.attention %q, %k, %v mask %keep heads 4 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
  return %a : tensor<?x?x8xf32>
}

// -----

// No mask: kind 0.

// CHECK-LABEL: func.func @unmasked
// CHECK:       tfmrt.attention {{.*}} heads 4 scale 1.000000e+00 mask_kind 0 :
// CHECK-NOT:   bf16
func.func @unmasked(%q: tensor<2x5x8xf32>, %k: tensor<2x7x8xf32>, %v: tensor<2x7x8xf32>) -> tensor<2x5x8xf32> {
  %a = tfm.attention %q, %k, %v heads 4 scale 1.000000e+00 : (tensor<2x5x8xf32>, tensor<2x7x8xf32>, tensor<2x7x8xf32>) -> tensor<2x5x8xf32>
  return %a : tensor<2x5x8xf32>
}

// -----

// Precision bf16 is the kernel's bf16 variant; f32 (above) is not.

// CHECK-LABEL: func.func @bf16
// CHECK-SAME:    (%[[Q:.*]]: tensor<1x5x8xf32>, %[[T:.*]]: index)
// CHECK:       tfmrt.attention %[[Q]], %[[Q]], %[[Q]] into %{{.*}} heads 2 scale 5.000000e-01 mask_kind 1 bf16 :
func.func @bf16(%q: tensor<1x5x8xf32>, %t: index) -> tensor<1x5x8xf32> {
  %m = tfm.causal_mask %t : tensor<?x?xi1>
  %a = tfm.attention %q, %q, %q mask %m heads 2 scale 5.000000e-01 precision <bf16> : (tensor<1x5x8xf32>, tensor<1x5x8xf32>, tensor<1x5x8xf32>, tensor<?x?xi1>) -> tensor<1x5x8xf32>
  return %a : tensor<1x5x8xf32>
}

// -----

// f16 attention is left for tfm-to-linalg.

// CHECK-LABEL: func.func @f16_is_left_alone
// CHECK:       tfm.attention
// CHECK-NOT:   tfmrt.attention
func.func @f16_is_left_alone(%q: tensor<2x5x8xf16>, %k: tensor<2x7x8xf16>, %v: tensor<2x7x8xf16>) -> tensor<2x5x8xf16> {
  %a = tfm.attention %q, %k, %v heads 4 scale 1.000000e+00 : (tensor<2x5x8xf16>, tensor<2x7x8xf16>, tensor<2x7x8xf16>) -> tensor<2x5x8xf16>
  return %a : tensor<2x5x8xf16>
}

// -----

// A KV cache append is the kernel's write into the cache, which bufferizes
// in place, and the layer's keys and values are views of the written cache
// (no copy): rows [0, position + T) of layer %layer, the end clamped to
// [0, M] so that a position the kernel refuses does not make a view out of
// the cache.

// CHECK-LABEL: func.func @kv_cache_append
// CHECK-SAME:    (%[[C:.*]]: tensor<2x2x?x?x8xf32>, %[[K:.*]]: tensor<?x?x8xf32>, %[[V:.*]]: tensor<?x?x8xf32>, %[[P:.*]]: tensor<i64>, %[[L:.*]]: index)
// CHECK-DAG:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:   %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:   %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:   %[[C3:.*]] = arith.constant 3 : index
// CHECK:       %[[W:.*]] = tfmrt.kv_cache_write %[[K]], %[[V]] at %[[P]] into %[[C]] layer %[[L]] : tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64>, tensor<2x2x?x?x8xf32> -> tensor<2x2x?x?x8xf32>
// CHECK:       %[[POS64:.*]] = tensor.extract %[[P]][] : tensor<i64>
// CHECK:       %[[POS:.*]] = arith.index_cast %[[POS64]] : i64 to index
// CHECK:       %[[T:.*]] = tensor.dim %[[K]], %[[C1]]
// CHECK:       %[[M:.*]] = tensor.dim %[[W]], %[[C3]]
// CHECK:       %[[END:.*]] = arith.addi %[[POS]], %[[T]] : index
// CHECK:       %[[LOW:.*]] = arith.maxsi %[[END]], %[[C0]] : index
// CHECK:       %[[CLAMPED:.*]] = arith.minsi %[[LOW]], %[[M]] : index
// CHECK:       %[[B:.*]] = tensor.dim %[[W]], %[[C2]]
// CHECK:       %[[KEYS:.*]] = tensor.extract_slice %[[W]][%[[L]], 0, 0, 0, 0] [1, 1, %[[B]], %[[CLAMPED]], 8] [1, 1, 1, 1, 1] : tensor<2x2x?x?x8xf32> to tensor<?x?x8xf32>
// CHECK:       %[[VALUES:.*]] = tensor.extract_slice %[[W]][%[[L]], 1, 0, 0, 0] [1, 1, %{{.*}}, %[[CLAMPED]], 8] [1, 1, 1, 1, 1] : tensor<2x2x?x?x8xf32> to tensor<?x?x8xf32>
// CHECK:       return %[[W]], %[[KEYS]], %[[VALUES]]
// CHECK-NOT:   tfm.kv_cache_append
func.func @kv_cache_append(%cache: tensor<2x2x?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>, %layer: index)
    -> (tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>) {
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return %0, %1, %2 : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
}

// -----

// The mask of queries that are the last of the cached keys (causal_mask
// with keys, bottom-right aligned) is the kernel's causal flag too, which
// aligns the diagonal to the bottom right; the attention reads the views.

// CHECK-LABEL: func.func @kv_cache_causal
// CHECK-SAME:    (%[[Q:[^:]*]]: tensor<?x?x8xf32>, %[[C:[^:]*]]: tensor<2x2x?x?x8xf32>, %[[K:[^:]*]]: tensor<?x?x8xf32>
// CHECK:       %[[W:.*]] = tfmrt.kv_cache_write %[[K]], %{{.*}} into %[[C]] layer %{{.*}} :
// CHECK:       %[[KEYS:.*]] = tensor.extract_slice %[[W]][%{{.*}}, 0, 0, 0, 0]
// CHECK:       %[[VALUES:.*]] = tensor.extract_slice %[[W]][%{{.*}}, 1, 0, 0, 0]
// CHECK-NOT:   tfm.select
// CHECK:       tfmrt.attention %[[Q]], %[[KEYS]], %[[VALUES]] into %{{.*}} heads 2 scale 5.000000e-01 mask_kind 1 :
func.func @kv_cache_causal(%q: tensor<?x?x8xf32>, %cache: tensor<2x2x?x?x8xf32>, %k: tensor<?x?x8xf32>, %v: tensor<?x?x8xf32>, %pos: tensor<i64>) -> tensor<?x?x8xf32> {
  %layer = arith.constant 1 : index
  %c1 = arith.constant 1 : index
  %t = tensor.dim %q, %c1 : tensor<?x?x8xf32>
  %0, %keys, %values = tfm.kv_cache_append %cache[%layer], %k, %v at %pos : tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  %s = tensor.dim %keys, %c1 : tensor<?x?x8xf32>
  %keep = tfm.causal_mask %t keys %s : tensor<?x?xi1>
  %a = tfm.attention %q, %keys, %values mask %keep heads 2 scale 5.000000e-01 : (tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?xi1>) -> tensor<?x?x8xf32>
  return %a : tensor<?x?x8xf32>
}

// -----

// The views have the keys' type when it and the cache's disagree on a
// static batch (the verifier allows either dynamic): a regression test, the
// slices once took the cache's batch and failed to verify.

// CHECK-LABEL: func.func @kv_cache_append_static_keys_batch
// CHECK:       tensor.extract_slice %{{.*}}[%{{.*}}, 0, 0, 0, 0] [1, 1, 1, %{{.*}}, 8] [1, 1, 1, 1, 1] : tensor<2x2x?x?x8xf32> to tensor<1x?x8xf32>
// CHECK:       tensor.extract_slice %{{.*}}[%{{.*}}, 1, 0, 0, 0] [1, 1, 1, %{{.*}}, 8] [1, 1, 1, 1, 1] : tensor<2x2x?x?x8xf32> to tensor<1x?x8xf32>
func.func @kv_cache_append_static_keys_batch(%cache: tensor<2x2x?x?x8xf32>, %k: tensor<1x?x8xf32>, %pos: tensor<i64>, %layer: index) -> (tensor<1x?x8xf32>, tensor<1x?x8xf32>) {
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %k at %pos : tensor<2x2x?x?x8xf32>, tensor<1x?x8xf32>, tensor<1x?x8xf32>, tensor<i64> -> tensor<2x2x?x?x8xf32>, tensor<1x?x8xf32>, tensor<1x?x8xf32>
  return %1, %2 : tensor<1x?x8xf32>, tensor<1x?x8xf32>
}

// -----

// CHECK-LABEL: func.func @kv_cache_append_dynamic_keys_batch
// CHECK-DAG:   %[[C2:.*]] = arith.constant 2 : index
// CHECK:       %[[W:.*]] = tfmrt.kv_cache_write
// CHECK:       %[[B:.*]] = tensor.dim %[[W]], %[[C2]] : tensor<2x2x1x?x8xf32>
// CHECK:       tensor.extract_slice %[[W]][%{{.*}}, 0, 0, 0, 0] [1, 1, %[[B]], %{{.*}}, 8] [1, 1, 1, 1, 1] : tensor<2x2x1x?x8xf32> to tensor<?x?x8xf32>
func.func @kv_cache_append_dynamic_keys_batch(%cache: tensor<2x2x1x?x8xf32>, %k: tensor<?x?x8xf32>, %pos: tensor<i64>, %layer: index) -> tensor<?x?x8xf32> {
  %0, %1, %2 = tfm.kv_cache_append %cache[%layer], %k, %k at %pos : tensor<2x2x1x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>, tensor<i64> -> tensor<2x2x1x?x8xf32>, tensor<?x?x8xf32>, tensor<?x?x8xf32>
  return %1 : tensor<?x?x8xf32>
}
