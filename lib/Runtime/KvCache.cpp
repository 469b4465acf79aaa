//===- KvCache.cpp - appending keys and values to a KV cache --------------===//
//
// tfmrt_kv_cache_write (see tfm/Runtime/Kernels.h). The cache is [L, 2, B,
// M, D]: a layer's keys, then its values, for every batch row, M rows of D
// features each. A run appends its T new tokens' keys and values at rows
// [position, position + T) of each layer; attention then reads the layer's
// first position + T rows as strided [B, S, D] views of the same buffer. Every
// operand is read through its strides: the keys and values are slices of the
// attention's fused input projection.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"

#include <cstring>

using namespace tfm::rt;

namespace {

/// Copies `count` floats from `source` (stride `sourceStride`) to `target`
/// (stride `targetStride`).
inline void copyRow(const float *source, int64_t sourceStride, float *target,
                    int64_t targetStride, int64_t count) {
  if (sourceStride == 1 && targetStride == 1) {
    std::memcpy(target, source, static_cast<size_t>(count) * sizeof(float));
    return;
  }
  for (int64_t i = 0; i < count; ++i)
    target[i * targetStride] = source[i * sourceStride];
}

/// Below this many floats a write runs on the calling thread alone.
constexpr int64_t kParallelElements = int64_t(1) << 16;

} // namespace

extern "C" void _mlir_ciface_tfmrt_kv_cache_write(tfmrt_run_context *context,
                                                  tfmrt_unranked_memref *key,
                                                  tfmrt_unranked_memref *value,
                                                  tfmrt_unranked_memref *position,
                                                  tfmrt_unranked_memref *cache, int64_t layer) {
  const char *kernel = "tfmrt_kv_cache_write";
  MemRefView k, v, p, c;
  if (!viewOf(*context, key, 4, k, kernel) || !viewOf(*context, value, 4, v, kernel) ||
      !viewOf(*context, position, 8, p, kernel) || !viewOf(*context, cache, 4, c, kernel))
    return;
  auto fail = [&](const std::string &message) {
    context->errors.record(std::string(kernel) + ": " + message);
  };
  if (k.rank != 3 || v.rank != 3 || p.rank != 0 || c.rank != 5)
    return fail("expected key and value of rank 3, position of rank 0 and cache of rank 5, "
                "got ranks " +
                std::to_string(k.rank) + ", " + std::to_string(v.rank) + ", " +
                std::to_string(p.rank) + " and " + std::to_string(c.rank));
  auto shape = [](const MemRefView &view) {
    return formatShape(view.sizes, static_cast<size_t>(view.rank));
  };
  const int64_t layers = c.sizes[0], batch = c.sizes[2], rows = c.sizes[3], width = c.sizes[4];
  if (c.sizes[1] != 2)
    return fail("the cache " + shape(c) + " must hold 2 tensors (keys, values) per layer");
  if (layer < 0 || layer >= layers)
    return fail("layer " + std::to_string(layer) + " is out of range for the cache's " +
                std::to_string(layers) + " layers");
  if (k.sizes[0] != v.sizes[0] || k.sizes[1] != v.sizes[1] || k.sizes[2] != v.sizes[2])
    return fail("key " + shape(k) + " and value " + shape(v) + " differ in shape");
  if (k.sizes[0] != batch || k.sizes[2] != width)
    return fail("key and value " + shape(k) + " do not match the cache " + shape(c) +
                ": the batch (dimension 0) and the width (dimension 2) must be the cache's " +
                std::to_string(batch) + " and " + std::to_string(width));
  const int64_t tokens = k.sizes[1];
  const int64_t start = *p.as<const int64_t>();
  if (start < 0)
    return fail("position " + std::to_string(start) + " is negative");
  if (start > rows - tokens)
    return fail("position " + std::to_string(start) + " + " + std::to_string(tokens) +
                " new tokens exceeds the cache's " + std::to_string(rows) + " rows");

  const float *sources[2] = {k.as<const float>(), v.as<const float>()};
  const int64_t *sourceStrides[2] = {k.strides, v.strides};
  float *target = c.as<float>() + layer * c.strides[0];
  const int64_t tasks = 2 * batch * tokens;
  const bool parallel = tasks * width >= kParallelElements && context->threads > 1;
#pragma omp parallel for num_threads(context->threads) if (parallel)
  for (int64_t task = 0; task < tasks; ++task) {
    const int64_t t = task % tokens, b = (task / tokens) % batch, which = task / (tokens * batch);
    const int64_t *strides = sourceStrides[which];
    copyRow(sources[which] + b * strides[0] + t * strides[1], strides[2],
            target + which * c.strides[1] + b * c.strides[2] + (start + t) * c.strides[3],
            c.strides[4], width);
  }
}
