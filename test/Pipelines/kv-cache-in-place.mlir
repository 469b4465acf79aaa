// The decode step does not copy the KV cache: after bufferization and the
// deallocation pipeline (here at the end of bufferization, before loops and
// LLVM), the tiny GPT-2 imported with --kv-cache passes @forward's cache
// argument itself to every layer's call, each layer writes it with
// tfmrt_kv_cache_write and attends over views of it, and no buffer of the
// cache's type is allocated or copied. On both backends: the llvm backend
// copies tiles of other buffers, so only the cache's copies are ruled out
// there.

// RUN: tfm-import --kv-cache %S/../Import/Inputs/tiny-gpt2.json \
// RUN:   | tfm-opt --tfm-to-llvm=backend=dnnl --mlir-print-ir-after=tfmrt-allocate-in-run-context -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=memref.copy --implicit-check-not='{{alloc.*memref<2x2x}}'
// RUN: tfm-import --kv-cache %S/../Import/Inputs/tiny-gpt2.json \
// RUN:   | tfm-opt --tfm-to-llvm=backend=llvm --mlir-print-ir-after=tfmrt-allocate-in-run-context -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='{{memref.copy.*memref<2x2x}}' --implicit-check-not='{{alloc.*memref<2x2x}}'
// The tiny LLaMA's cache (2 key/value heads of 10: 20 wide) likewise, on
// both backends: no buffer of the cache's type is allocated or copied (its
// RMSNorm's lowering copies buffers of its own).
// RUN: tfm-import --kv-cache %S/../Import/Inputs/tiny-llama.json \
// RUN:   | tfm-opt --tfm-to-llvm=backend=dnnl --mlir-print-ir-after=tfmrt-allocate-in-run-context -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LLAMA --implicit-check-not='{{memref.copy.*memref<2x2x}}' --implicit-check-not='{{alloc.*memref<2x2x}}'
// RUN: tfm-import --kv-cache %S/../Import/Inputs/tiny-llama.json \
// RUN:   | tfm-opt --tfm-to-llvm=backend=llvm --mlir-print-ir-after=tfmrt-allocate-in-run-context -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LLAMA --implicit-check-not='{{memref.copy.*memref<2x2x}}' --implicit-check-not='{{alloc.*memref<2x2x}}'

// CHECK-LABEL: IR Dump After TfmrtAllocateInRunContext

// One layer function for both layers: it takes the cache and the layer
// number, and returns the hidden state only (tfm-drop-in-place-results
// dropped the cache it returned).
// CHECK-LABEL: func.func private @layer(
// CHECK-SAME:    %[[LCACHE:[^:]*]]: memref<2x2x?x?x36xf32>, %[[LAYER:[^:]*]]: index, %[[LPOS:[^:]*]]: memref<i64>
// CHECK-SAME:    -> memref<?x?x36xf32>
// CHECK:         %[[CAST:.*]] = memref.cast %[[LCACHE]] : memref<2x2x?x?x36xf32> to memref<*xf32>
// CHECK:         %[[NUMBER:.*]] = arith.index_cast %[[LAYER]] : index to i64
// CHECK:         call @tfmrt_kv_cache_write(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %[[CAST]], %[[NUMBER]])
// CHECK:         %[[KEYS:.*]] = memref.subview %[[LCACHE]][%[[LAYER]], 0, 0, 0, 0]
// CHECK:         %[[VALUES:.*]] = memref.subview %[[LCACHE]][%[[LAYER]], 1, 0, 0, 0]
// The attention reads the views in place, with the causal flag (mask_kind
// 1, bottom-right aligned) and 3 heads (%c1_i64 and %c3_i64 are i64
// constants).
// CHECK:         %[[KCAST:.*]] = memref.cast %[[KEYS]] : {{.*}} to memref<*xf32>
// CHECK:         %[[VCAST:.*]] = memref.cast %[[VALUES]] : {{.*}} to memref<*xf32>
// CHECK:         call @tfmrt_attention(%{{[^,]*}}, %{{[^,]*}}, %[[KCAST]], %[[VCAST]], %{{[^,]*}}, %{{[^,]*}}, %c3_i64, %{{[^,]*}}, %c1_i64, %{{[^,]*}})
// CHECK-NOT:     func.func
// CHECK:         return %{{[^ ]*}} : memref<?x?x36xf32>

// @forward no longer returns the cache; each call gets its argument.
// CHECK-LABEL: func.func @forward(
// CHECK-SAME:    %[[CACHE:[^:]*]]: memref<2x2x?x?x36xf32>,
// CHECK-SAME:    -> (memref<?x?x97xf32> {tfm.name = "logits"}) {
// CHECK:         %[[H0:.*]] = call @layer({{.*}}, %[[CACHE]], %{{[^,]*}}, %{{[^,]*}}, {{.*}}) : {{.*}} -> memref<?x?x36xf32>
// CHECK-NEXT:    %[[H1:.*]] = call @layer(%{{[^,]*}}, %[[H0]], {{.*}}, %[[CACHE]], %{{[^,]*}}, %{{[^,]*}}, {{.*}}) : {{.*}} -> memref<?x?x36xf32>
// CHECK-NOT:     tfmrt.dealloc %{{[^,]*}}, %[[CACHE]]
// CHECK:         return %{{[^ ]*}} : memref<?x?x97xf32>

// LLAMA-LABEL: IR Dump After TfmrtAllocateInRunContext
// LLAMA-LABEL: func.func private @layer(
// LLAMA-SAME:    %[[LCACHE:[^:]*]]: memref<2x2x?x?x20xf32>, %[[LAYER:[^:]*]]: index, %[[LPOS:[^:]*]]: memref<i64>
// LLAMA:         %[[CAST:.*]] = memref.cast %[[LCACHE]] : memref<2x2x?x?x20xf32> to memref<*xf32>
// LLAMA:         call @tfmrt_kv_cache_write(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %[[CAST]], %{{[^,]*}})
// LLAMA:         %[[KEYS:.*]] = memref.subview %[[LCACHE]][%[[LAYER]], 0, 0, 0, 0]
// LLAMA:         %[[VALUES:.*]] = memref.subview %[[LCACHE]][%[[LAYER]], 1, 0, 0, 0]
// Grouped-query attention over the views: 6 query heads, causal flag.
// LLAMA:         %[[KCAST:.*]] = memref.cast %[[KEYS]] : {{.*}} to memref<*xf32>
// LLAMA:         %[[VCAST:.*]] = memref.cast %[[VALUES]] : {{.*}} to memref<*xf32>
// LLAMA:         call @tfmrt_attention(%{{[^,]*}}, %{{[^,]*}}, %[[KCAST]], %[[VCAST]], %{{[^,]*}}, %{{[^,]*}}, %c6_i64, %{{[^,]*}}, %c1_i64, %{{[^,]*}})
// LLAMA-NOT:     func.func
// LLAMA:         return %{{[^ ]*}} : memref<?x?x60xf32>
// LLAMA-LABEL: func.func @forward(
// LLAMA-SAME:    %[[CACHE:[^:]*]]: memref<2x2x?x?x20xf32>,
// LLAMA-SAME:    -> (memref<?x?x101xf32> {tfm.name = "logits"}) {
// LLAMA:         %[[H0:.*]] = call @layer({{.*}}, %[[CACHE]], %{{[^,]*}}, %{{[^,]*}}, {{.*}}) : {{.*}} -> memref<?x?x60xf32>
// LLAMA-NEXT:    call @layer(%{{[^,]*}}, %[[H0]], {{.*}}, %[[CACHE]], %{{[^,]*}}, %{{[^,]*}}, {{.*}}) : {{.*}} -> memref<?x?x60xf32>
// LLAMA-NOT:     tfmrt.dealloc %{{[^,]*}}, %[[CACHE]]
// LLAMA:         return %{{[^ ]*}} : memref<?x?x101xf32>
