//===- FlashAttention.cpp - attention without the T x S score matrix ------===//
//
// tfmrt_attention (see tfm/Runtime/Kernels.h). Each task owns one (batch,
// head, query tile) and walks the keys in blocks, keeping per query row the
// running maximum m, the running sum l of exp(score - m) and the unnormalised
// output O; a block with a larger maximum rescales l and O by exp(m_old -
// m_new). Memory per task is one query tile's scores against one key block,
// so attention memory grows with T, not T^2. The two products per block are
// oneDNN sgemm calls (single-threaded inside the parallel region); the
// softmax arithmetic is compiled twice, for AVX2+FMA and for baseline x86-64,
// and picked at run time.
//
//===----------------------------------------------------------------------===//

#include "KernelSupport.h"

#include <dnnl.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <vector>

using namespace tfm::rt;

namespace {

constexpr int64_t kQueryTile = 64;
constexpr int64_t kKeyBlock = 128;
constexpr float kNegativeInfinity = -std::numeric_limits<float>::infinity();

/// exp(x) for the softmax, vectorisable: x = n ln2 + r with |r| <= ln2/2,
/// exp(r) by a degree-6 polynomial (relative error ~1e-7), 2^n by exponent
/// bits. Returns 0 below the smallest normal result, including for -inf, and
/// NaN for NaN (which a NaN or infinite input to attention produces).
inline __attribute__((always_inline)) float softmaxExp(float x) {
  const float log2e = 1.44269504088896341f;
  const float ln2High = 0.693359375f, ln2Low = -2.12194440e-4f;
  // Written so that NaN clamps too (every comparison with NaN is false):
  // n must stay within int range and n + 127 non-negative for the exponent
  // bits below, which std::min/std::max, passing NaN on, did not ensure.
  float clamped = x > 88.0f ? 88.0f : x >= -87.0f ? x : -87.0f;
  float n = std::floor(clamped * log2e + 0.5f);
  float r = clamped - n * ln2High;
  r = r - n * ln2Low;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return x >= -87.0f ? p * scale : x < -87.0f ? 0.0f : x;
}

/// The mask, as strides over [B, heads, T, S] (0 where it broadcasts).
struct MaskAccess {
  int64_t kind = TFMRT_MASK_NONE;
  const char *data = nullptr;
  int64_t strides[4] = {};
};

/// One query row's scores in a key block: mask, running max and sum update,
/// scores replaced by exp(score - m_new). Returns the factor that rescales the
/// row's previous l and O.
inline __attribute__((always_inline)) float updateRow(float *scores, int64_t count,
                                                      const MaskAccess &mask,
                                                      const char *maskRow, int64_t keyStart,
                                                      int64_t causalLimit, float &runningMax,
                                                      float &runningSum) {
  if (mask.kind == TFMRT_MASK_ADDITIVE) {
    for (int64_t j = 0; j < count; ++j)
      scores[j] += *reinterpret_cast<const float *>(maskRow + (keyStart + j) * mask.strides[3] * 4);
  } else if (mask.kind == TFMRT_MASK_CAUSAL) {
    for (int64_t j = std::max<int64_t>(causalLimit - keyStart + 1, 0); j < count; ++j)
      scores[j] = kNegativeInfinity;
  }
  // Max and sum in 8 independent lanes: without reassociation the compiler
  // would keep a single scalar chain.
  float laneMax[8], laneSum[8];
  std::fill(laneMax, laneMax + 8, kNegativeInfinity);
  int64_t vectorEnd = count & ~int64_t(7);
  for (int64_t j = 0; j < vectorEnd; j += 8)
    for (int l = 0; l < 8; ++l)
      laneMax[l] = std::max(laneMax[l], scores[j + l]);
  float blockMax = kNegativeInfinity;
  for (int l = 0; l < 8; ++l)
    blockMax = std::max(blockMax, laneMax[l]);
  for (int64_t j = vectorEnd; j < count; ++j)
    blockMax = std::max(blockMax, scores[j]);
  float newMax = std::max(runningMax, blockMax);
  if (newMax == kNegativeInfinity) {
    // Nothing kept yet in this row: no contribution.
    std::fill(scores, scores + count, 0.0f);
    return 1.0f;
  }
  for (int64_t j = 0; j < count; ++j)
    scores[j] = softmaxExp(scores[j] - newMax);
  std::fill(laneSum, laneSum + 8, 0.0f);
  for (int64_t j = 0; j < vectorEnd; j += 8)
    for (int l = 0; l < 8; ++l)
      laneSum[l] += scores[j + l];
  float sum = 0.0f;
  for (int l = 0; l < 8; ++l)
    sum += laneSum[l];
  for (int64_t j = vectorEnd; j < count; ++j)
    sum += scores[j];
  float rescale = softmaxExp(runningMax - newMax);
  runningSum = runningSum * rescale + sum;
  runningMax = newMax;
  return rescale;
}

struct AttentionProblem {
  MemRefView query, key, value, result;
  MaskAccess mask;
  int64_t batch, queries, keys, heads, headDim;
  float scale;
};

/// One worker's buffers for a tile, grown once and reused by later calls.
struct Scratch {
  std::vector<float> scores, output, runningMax, runningSum;
  void reserve(int64_t headDim) {
    scores.resize(kQueryTile * kKeyBlock);
    output.resize(kQueryTile * headDim);
    runningMax.resize(kQueryTile);
    runningSum.resize(kQueryTile);
  }
};

inline __attribute__((always_inline)) bool attendTile(const AttentionProblem &problem,
                                                      int64_t b, int64_t h, int64_t queryStart,
                                                      Scratch &scratch) {
  const int64_t d = problem.headDim;
  const int64_t rows = std::min(kQueryTile, problem.queries - queryStart);
  const float *q = problem.query.as<float>() + b * problem.query.strides[0] +
                   queryStart * problem.query.strides[1] + h * d;
  const float *k = problem.key.as<float>() + b * problem.key.strides[0] + h * d;
  const float *v = problem.value.as<float>() + b * problem.value.strides[0] + h * d;
  float *scores = scratch.scores.data(), *output = scratch.output.data();
  float *runningMax = scratch.runningMax.data(), *runningSum = scratch.runningSum.data();
  std::fill(output, output + rows * d, 0.0f);
  std::fill(runningMax, runningMax + rows, kNegativeInfinity);
  std::fill(runningSum, runningSum + rows, 0.0f);

  const MaskAccess &mask = problem.mask;
  // Causal: key blocks after the tile's last query are fully masked.
  int64_t keyEnd = mask.kind == TFMRT_MASK_CAUSAL
                       ? std::min(problem.keys, queryStart + rows)
                       : problem.keys;
  for (int64_t keyStart = 0; keyStart < keyEnd; keyStart += kKeyBlock) {
    int64_t count = std::min(kKeyBlock, keyEnd - keyStart);
    if (dnnl_sgemm('N', 'T', rows, count, d, problem.scale, q, problem.query.strides[1],
                   k + keyStart * problem.key.strides[1], problem.key.strides[1], 0.0f, scores,
                   kKeyBlock) != dnnl_success)
      return false;
    for (int64_t i = 0; i < rows; ++i) {
      const char *maskRow = nullptr;
      if (mask.kind == TFMRT_MASK_ADDITIVE)
        maskRow = mask.data + (b * mask.strides[0] + h * mask.strides[1] +
                               (queryStart + i) * mask.strides[2]) *
                                  4;
      float rescale = updateRow(scores + i * kKeyBlock, count, mask, maskRow, keyStart,
                                queryStart + i, runningMax[i], runningSum[i]);
      if (rescale != 1.0f)
        for (int64_t c = 0; c < d; ++c)
          output[i * d + c] *= rescale;
    }
    if (dnnl_sgemm('N', 'N', rows, d, count, 1.0f, scores, kKeyBlock,
                   v + keyStart * problem.value.strides[1], problem.value.strides[1], 1.0f,
                   output, d) != dnnl_success)
      return false;
  }
  float *result = problem.result.as<float>() + b * problem.result.strides[0] +
                  queryStart * problem.result.strides[1] + h * d;
  for (int64_t i = 0; i < rows; ++i) {
    float inverse = 1.0f / runningSum[i]; // 0 kept keys: 0 * inf = NaN, as softmax gives
    for (int64_t c = 0; c < d; ++c)
      result[i * problem.result.strides[1] + c] = output[i * d + c] * inverse;
  }
  return true;
}

__attribute__((target("avx2,fma"))) bool attendTileAvx2(const AttentionProblem &problem,
                                                         int64_t b, int64_t h,
                                                         int64_t queryStart, Scratch &scratch) {
  return attendTile(problem, b, h, queryStart, scratch);
}

bool attendTileBaseline(const AttentionProblem &problem, int64_t b, int64_t h,
                        int64_t queryStart, Scratch &scratch) {
  return attendTile(problem, b, h, queryStart, scratch);
}

bool hasAvx2() {
  static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return supported;
}

/// Right-aligned broadcast of `mask` to [B, heads, T, S].
bool accessMask(const MemRefView &mask, const int64_t (&target)[4], MaskAccess &access) {
  if (mask.rank > 4)
    return false;
  for (int d = 0; d < 4; ++d) {
    int source = mask.rank - 4 + d;
    if (source < 0 || mask.sizes[source] == 1) {
      access.strides[d] = 0;
      continue;
    }
    if (mask.sizes[source] != target[d])
      return false;
    access.strides[d] = mask.strides[source];
  }
  access.data = mask.data;
  return true;
}

} // namespace

extern "C" void
_mlir_ciface_tfmrt_attention(tfmrt_run_context *context, tfmrt_unranked_memref *query,
                             tfmrt_unranked_memref *key, tfmrt_unranked_memref *value,
                             tfmrt_unranked_memref *mask, tfmrt_unranked_memref *result,
                             int64_t heads, double scale, int64_t maskKind) {
  const char *kernel = "tfmrt_attention";
  AttentionProblem problem;
  if (!viewOf(*context, query, 4, problem.query, kernel) ||
      !viewOf(*context, key, 4, problem.key, kernel) ||
      !viewOf(*context, value, 4, problem.value, kernel) ||
      !viewOf(*context, result, 4, problem.result, kernel))
    return;
  const MemRefView &q = problem.query, &k = problem.key, &v = problem.value,
                   &out = problem.result;
  if (q.rank != 3 || k.rank != 3 || v.rank != 3 || out.rank != 3 || heads <= 0 ||
      q.sizes[2] % heads != 0 || k.sizes[2] != q.sizes[2] || v.sizes[2] != q.sizes[2] ||
      k.sizes[1] != v.sizes[1] || out.sizes[1] != q.sizes[1] || out.sizes[2] != q.sizes[2]) {
    context->errors.record("tfmrt_attention: operands of unexpected shapes");
    return;
  }
  if (q.strides[2] != 1 || k.strides[2] != 1 || v.strides[2] != 1 || out.strides[2] != 1) {
    context->errors.record("tfmrt_attention: the feature dimension must be contiguous");
    return;
  }
  problem.batch = q.sizes[0];
  problem.queries = q.sizes[1];
  problem.keys = k.sizes[1];
  problem.heads = heads;
  problem.headDim = q.sizes[2] / heads;
  problem.scale = static_cast<float>(scale);
  problem.mask.kind = maskKind;
  if (maskKind == TFMRT_MASK_ADDITIVE) {
    MemRefView maskView;
    if (!viewOf(*context, mask, 4, maskView, kernel))
      return;
    const int64_t target[4] = {problem.batch, heads, problem.queries, problem.keys};
    if (!accessMask(maskView, target, problem.mask)) {
      context->errors.record("tfmrt_attention: the mask does not broadcast to the scores");
      return;
    }
  } else if (maskKind == TFMRT_MASK_CAUSAL) {
    if (problem.queries != problem.keys) {
      context->errors.record("tfmrt_attention: a causal mask needs as many queries as keys");
      return;
    }
  } else if (maskKind != TFMRT_MASK_NONE) {
    context->errors.record("tfmrt_attention: unknown mask kind " + std::to_string(maskKind));
    return;
  }
  if (problem.batch == 0 || problem.queries == 0 || problem.headDim == 0)
    return;

  const int64_t tiles = (problem.queries + kQueryTile - 1) / kQueryTile;
  const int64_t tasks = problem.batch * heads * tiles;
  const bool avx2 = hasAvx2();
  std::atomic<bool> failed{false}, outOfMemory{false};
#pragma omp parallel for schedule(dynamic, 1) num_threads(context->threads)
  for (int64_t task = 0; task < tasks; ++task) {
    if (failed.load(std::memory_order_relaxed))
      continue;
    // Causal tasks are uneven: the latest query tiles (most keys) go first.
    int64_t tile = tiles - 1 - task % tiles;
    int64_t h = (task / tiles) % heads, b = task / (tiles * heads);
    // Scratch only: every tile overwrites what it reads of it, so a worker's
    // buffers carry nothing from one run, or one context, to another. Kept
    // per OpenMP worker so that no call allocates.
    thread_local Scratch scratch;
    bool ok = false;
    try {
      scratch.reserve(problem.headDim);
      ok = avx2 ? attendTileAvx2(problem, b, h, tile * kQueryTile, scratch)
                : attendTileBaseline(problem, b, h, tile * kQueryTile, scratch);
    } catch (const std::bad_alloc &) {
      outOfMemory.store(true);
    } catch (...) {
    }
    if (!ok)
      failed.store(true);
  }
  if (outOfMemory.load())
    context->errors.record("tfmrt_attention: out of memory for a worker's scratch buffers");
  else if (failed.load())
    context->errors.record("tfmrt_attention: a matrix product failed");
}
