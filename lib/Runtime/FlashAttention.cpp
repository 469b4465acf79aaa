//===- FlashAttention.cpp - attention without the T x S score matrix ------===//
//
// tfmrt_attention (see tfm/Runtime/Kernels.h). Each task owns a group of
// one (batch, head)'s query tiles and walks the keys in blocks, keeping per
// query row the running maximum m, the running sum l of exp(score - m) and
// the unnormalised output O; a block with a larger maximum rescales l and O
// by exp(m_old - m_new). Memory per task is one query tile's scores against
// one key block, plus the head's K and V packed once for the group's tiles,
// so attention memory grows with T, not T^2. A causal mask is bottom-right
// aligned (T queries are the last T of S >= T positions, as new tokens after
// a KV cache's): a tile skips the key blocks after its last query's last
// kept key. Keys and values are read through their strides, so a cache's
// rows serve as they are.
//
// The f32 variant's two products per block are register-blocked loops
// written once with the compiler's vector extension and compiled for
// AVX-512, AVX2+FMA and baseline x86-64 (VectorCode.h picks by the CPU,
// within oneDNN's ISA).
// oneDNN's sgemm, which they replace, repacked both operands on every call
// of a tile's small shapes. A decoded token's few rows read K and V as they
// lie instead of packing them.
//
// The bf16 variant rounds Q, K, V and the probabilities P to bf16 and runs
// both products on AMX tiles with f32 accumulation; scale, mask, softmax and
// output stay f32. Only AMX makes bf16 faster than the f32 kernel (measured
// on a Xeon capped at AVX512_CORE_BF16, oneDNN's bf16 products of a tile's
// shape were no faster than sgemm), so elsewhere bf16 runs the f32 kernel
// unchanged.
//
//===----------------------------------------------------------------------===//

#include "Amx.h"
#include "KernelSupport.h"
#include "VectorMath.h"

#include <dnnl.h>
#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <vector>

#include <omp.h>

using namespace tfm::rt;

namespace {

constexpr int64_t kQueryTile = 64;
constexpr int64_t kKeyBlock = 128;
constexpr float kNegativeInfinity = -std::numeric_limits<float>::infinity();

/// The mask, as strides over [B, heads, T, S] (0 where it broadcasts).
struct MaskAccess {
  int64_t kind = TFMRT_MASK_NONE;
  const char *data = nullptr;
  int64_t strides[4] = {};
};

/// `Lanes` floats in one vector register, for the compiler's vector
/// extension: the same source compiles to AVX-512, AVX2 and SSE2 code, each
/// under its own target attribute (attendTilesAvx512 and its siblings).
template <int Lanes> struct VectorOf {
  typedef float type __attribute__((vector_size(Lanes * sizeof(float))));
};

/// The largest of `lanes`, or their sum: pairwise, so that the steps do not
/// wait on one another as a chain through every lane would.
template <int Lanes> inline __attribute__((always_inline)) float largestLane(float *lanes) {
  for (int width = Lanes / 2; width > 0; width /= 2)
    for (int l = 0; l < width; ++l)
      lanes[l] = std::max(lanes[l], lanes[l + width]);
  return lanes[0];
}
template <int Lanes> inline __attribute__((always_inline)) float sumOfLanes(float *lanes) {
  for (int width = Lanes / 2; width > 0; width /= 2)
    for (int l = 0; l < width; ++l)
      lanes[l] += lanes[l + width];
  return lanes[0];
}

/// The first key that a causal mask hides from a query whose last kept key
/// is `causalLimit`, as an offset into the key block from `keyStart` (0 when
/// it hides the whole block).
inline __attribute__((always_inline)) int64_t firstMaskedCausally(int64_t causalLimit,
                                                                  int64_t keyStart) {
  return std::max<int64_t>(causalLimit - keyStart + 1, 0);
}

/// Folds a key block into a row's running maximum and sum: `newMax` is the
/// larger of the running maximum and the block's, `blockSum` the block's
/// sum of exp(score - newMax). Returns the factor that rescales the row's
/// previous sum and output.
inline __attribute__((always_inline)) float foldKeyBlock(float newMax, float blockSum,
                                                         float &runningMax, float &runningSum) {
  const float rescale = vectorizableExp(runningMax - newMax);
  runningSum = runningSum * rescale + blockSum;
  runningMax = newMax;
  return rescale;
}

/// One query row's scores in a key block: mask, running max and sum update,
/// scores replaced by exp(score - m_new). Returns the factor that rescales the
/// row's previous l and O. The row has room for kKeyBlock scores: the loops
/// run in `Lanes` independent lanes over `count` rounded up to a multiple of
/// `Lanes`, the scores past `count` set to -inf (probability 0).
template <int Lanes>
inline __attribute__((always_inline)) float updateRow(float *scores, int64_t count,
                                                      const MaskAccess &mask,
                                                      const char *maskRow, int64_t keyStart,
                                                      int64_t causalLimit, float &runningMax,
                                                      float &runningSum) {
  static_assert(kKeyBlock % Lanes == 0, "a row's lanes stay inside its key block");
  const int64_t paddedCount = roundUp(count, Lanes);
  if (mask.kind == TFMRT_MASK_ADDITIVE) {
    const int64_t stride = mask.strides[3];
    const float *keys = reinterpret_cast<const float *>(maskRow) + keyStart * stride;
    // Contiguous keys (the usual [B, 1, 1, S] padding mask) get their own
    // loop: plain vector loads, not the gathers a stride needs.
    if (stride == 1)
      for (int64_t j = 0; j < count; ++j)
        scores[j] += keys[j];
    else
      for (int64_t j = 0; j < count; ++j)
        scores[j] += keys[j * stride];
  } else if (mask.kind == TFMRT_MASK_CAUSAL) {
    for (int64_t j = firstMaskedCausally(causalLimit, keyStart); j < count; ++j)
      scores[j] = kNegativeInfinity;
  }
  std::fill(scores + count, scores + paddedCount, kNegativeInfinity);
  using Vector = typename VectorOf<Lanes>::type;
  Vector largest = kNegativeInfinity - Vector{};
  for (int64_t j = 0; j < paddedCount; j += Lanes) {
    Vector block;
    __builtin_memcpy(&block, scores + j, sizeof(Vector));
    largest = __builtin_elementwise_max(largest, block);
  }
  float lanes[Lanes];
  __builtin_memcpy(lanes, &largest, sizeof(Vector));
  const float newMax = std::max(runningMax, largestLane<Lanes>(lanes));
  if (newMax == kNegativeInfinity) {
    // Nothing kept yet in this row: no contribution.
    std::fill(scores, scores + count, 0.0f);
    return 1.0f;
  }
  std::fill(lanes, lanes + Lanes, 0.0f);
  for (int64_t j = 0; j < paddedCount; j += Lanes)
    for (int l = 0; l < Lanes; ++l) {
      scores[j + l] = vectorizableExp(scores[j + l] - newMax);
      lanes[l] += scores[j + l];
    }
  return foldKeyBlock(newMax, sumOfLanes<Lanes>(lanes), runningMax, runningSum);
}

struct AttentionProblem {
  MemRefView query, key, value, result;
  MaskAccess mask;
  int64_t batch, queries, keys, heads, headDim;
  /// Query heads per key/value head (grouped-query attention; 1 without).
  int64_t queriesPerKeyHead = 1;
  /// The offset of query head h's key and value features.
  int64_t keyFeatures(int64_t h) const { return h / queriesPerKeyHead * headDim; }
  /// S - T: a causal mask keeps key j for query i when j <= i + causalOffset
  /// (bottom-right aligned: the queries are the last T of the S positions).
  int64_t causalOffset = 0;
  float scale;
};

/// The last key query `query` attends to under a causal mask.
inline int64_t lastKeyKept(const AttentionProblem &problem, int64_t query) {
  return query + problem.causalOffset;
}

/// The keys queries [0, queryEnd) attend to: with a causal mask, keys after
/// the last query's limit are masked for all of them.
int64_t keysAttended(const AttentionProblem &problem, int64_t queryEnd) {
  return problem.mask.kind == TFMRT_MASK_CAUSAL
             ? std::min(problem.keys, lastKeyKept(problem, queryEnd - 1) + 1)
             : problem.keys;
}

/// The end of the last query tile of tiles group, group + groups, ...: the
/// tiles of one task, which share packed keys (and values).
inline int64_t lastQueryEnd(const AttentionProblem &problem, int64_t group, int64_t groups) {
  const int64_t tiles = (problem.queries + kQueryTile - 1) / kQueryTile;
  const int64_t lastTile = group + (tiles - 1 - group) / groups * groups;
  return std::min(problem.queries, (lastTile + 1) * kQueryTile);
}

/// One worker's buffers for a tile, grown to the largest problem and reused
/// (AttentionScratch).
struct Scratch {
  std::vector<float> scores, output, runningMax, runningSum;
  // The f32 variant's Kᵀ and V of one head, all its key blocks, packed once
  // for several tiles (see attendTiles).
  std::vector<float> keyColumns, valueRows;
  // The bf16 variant's operands in AMX tile layouts (see attendTilesAmx):
  // K and V of one head, all its key blocks, packed once for several tiles.
  std::vector<uint16_t> queryBf16, keyBf16, probabilitiesBf16;
  std::vector<uint32_t> keyPairs, valuePairs;
  void reserve(int64_t headDim, int64_t keys, bool bf16, bool packF32) {
    // The bf16 variant keeps O with rows padded to 32 columns.
    const int64_t outputWidth = bf16 ? roundUp(headDim, 32) : headDim;
    const int64_t keyBlocks = (keys + kKeyBlock - 1) / kKeyBlock;
    scores.resize(kQueryTile * kKeyBlock);
    output.resize(kQueryTile * outputWidth);
    runningMax.resize(kQueryTile);
    runningSum.resize(kQueryTile);
    if (packF32) {
      keyColumns.resize(keyBlocks * headDim * kKeyBlock);
      valueRows.resize(keyBlocks * kKeyBlock * headDim);
    }
    if (bf16) {
      queryBf16.resize(kQueryTile * outputWidth);
      keyBf16.resize(kKeyBlock * outputWidth);
      probabilitiesBf16.resize(kQueryTile * kKeyBlock);
      keyPairs.resize(keyBlocks * outputWidth / 2 * kKeyBlock);
      valuePairs.resize(keyBlocks * kKeyBlock / 2 * outputWidth);
    }
  }
};

} // namespace

struct tfm::rt::AttentionScratch::Workers {
  /// Indexed by the OpenMP thread number within attention's team.
  std::vector<Scratch> perThread;
};

tfm::rt::AttentionScratch::AttentionScratch() : workers_(std::make_unique<Workers>()) {}
tfm::rt::AttentionScratch::~AttentionScratch() = default;

namespace {

//===----------------------------------------------------------------------===//
// The f32 variant, in the CPU's vectors
//===----------------------------------------------------------------------===//

/// The register blocks of one instruction set: the scores S = Q.Kᵀ in blocks
/// of `scoreRows` query rows by `scoreVectors` vectors of keys, the output
/// O += P.V in blocks of `outputRows` rows by `outputVectors` vectors of the
/// head's features (fewer of each where fewer are left). Each block's
/// accumulators fit the registers with room for the operands (AVX-512: 32
/// registers, AVX2 and SSE2: 16). Row counts are powers of 2.
template <int Lanes> struct Blocking;
template <> struct Blocking<16> {
  static constexpr int scoreRows = 8, scoreVectors = 2, outputRows = 4, outputVectors = 4;
};
template <> struct Blocking<8> {
  static constexpr int scoreRows = 4, scoreVectors = 2, outputRows = 4, outputVectors = 3;
};
template <> struct Blocking<4> {
  static constexpr int scoreRows = 4, scoreVectors = 2, outputRows = 4, outputVectors = 2;
};

/// K and V of head h of batch element b for keys [0, keyEnd), per block of
/// kKeyBlock keys n: Kᵀ as [headDim][kKeyBlock] at keyColumns + n * headDim
/// * kKeyBlock, zero past the keys to a multiple of `keyMultiple` (the
/// scores' products read a vector of keys at once), and V as
/// [kKeyBlock][headDim] at valueRows + n * kKeyBlock * headDim. Rows of K
/// and V in the model's buffers lie a page or more apart (Q, K and V of a
/// token side by side); packed, the products read them from a few pages.
inline __attribute__((always_inline)) void
packKeysAndValuesF32(const AttentionProblem &problem, int64_t b, int64_t h, int64_t keyEnd,
                     int64_t keyMultiple, float *keyColumns, float *valueRows) {
  const int64_t d = problem.headDim;
  const int64_t keyStride = problem.key.strides[1], valueStride = problem.value.strides[1];
  const float *k = problem.key.as<float>() + b * problem.key.strides[0] + problem.keyFeatures(h);
  const float *v =
      problem.value.as<float>() + b * problem.value.strides[0] + problem.keyFeatures(h);
  for (int64_t keyStart = 0; keyStart < keyEnd; keyStart += kKeyBlock) {
    const int64_t count = std::min(kKeyBlock, keyEnd - keyStart);
    const int64_t paddedCount = std::min(kKeyBlock, roundUp(count, keyMultiple));
    float *columns = keyColumns + keyStart / kKeyBlock * d * kKeyBlock;
    for (int64_t j = 0; j < count; ++j) {
      const float *key = k + (keyStart + j) * keyStride;
      // Scalar: vectorised, this is a scatter, slower than one store a key.
#pragma clang loop vectorize(disable)
      for (int64_t p = 0; p < d; ++p)
        columns[p * kKeyBlock + j] = key[p];
    }
    for (int64_t p = 0; p < d; ++p)
      std::fill(columns + p * kKeyBlock + count, columns + p * kKeyBlock + paddedCount, 0.0f);
    float *rows = valueRows + keyStart * d;
    for (int64_t j = 0; j < count; ++j)
      std::copy_n(v + (keyStart + j) * valueStride, d, rows + j * d);
  }
}

/// sum[r][v] += sum over i < depth of a[r * aStride + i] * b[i * bStride +
/// v * Lanes ...]: `kRows` rows of a times `kVectors` vectors of b's rows,
/// in registers. Both products of the f32 variant are this.
template <int Lanes, int kRows, int kVectors>
inline __attribute__((always_inline)) void
multiplyBlock(const float *a, int64_t aStride, const float *b, int64_t bStride, int64_t depth,
              typename VectorOf<Lanes>::type (&sum)[kRows][kVectors]) {
  using Vector = typename VectorOf<Lanes>::type;
  for (int64_t i = 0; i < depth; ++i) {
    Vector row[kVectors];
#pragma clang loop unroll(full)
    for (int v = 0; v < kVectors; ++v)
      __builtin_memcpy(&row[v], b + i * bStride + v * Lanes, sizeof(Vector));
#pragma clang loop unroll(full)
    for (int r = 0; r < kRows; ++r)
#pragma clang loop unroll(full)
      for (int v = 0; v < kVectors; ++v)
        sum[r][v] += a[r * aStride + i] * row[v];
  }
}

/// scores[i][j] = scale * (q_i . k_j) for the `kRows` query rows at `q`
/// (row stride `queryStride`) and keys [0, paddedCount) of a block packed
/// by packKeysAndValuesF32.
template <int Lanes, int kRows>
inline __attribute__((always_inline)) void
scoreRowBlock(const float *q, int64_t queryStride, int64_t d, const float *keyColumns,
              int64_t paddedCount, float scale, float *scores) {
  using Vector = typename VectorOf<Lanes>::type;
  constexpr int kVectors = Blocking<Lanes>::scoreVectors;
  for (int64_t j = 0; j < paddedCount; j += kVectors * Lanes) {
    Vector sum[kRows][kVectors] = {};
    multiplyBlock<Lanes>(q, queryStride, keyColumns + j, kKeyBlock, d, sum);
#pragma clang loop unroll(full)
    for (int r = 0; r < kRows; ++r)
#pragma clang loop unroll(full)
      for (int v = 0; v < kVectors; ++v) {
        Vector scaled = sum[r][v] * scale;
        __builtin_memcpy(scores + r * kKeyBlock + j + v * Lanes, &scaled, sizeof(Vector));
      }
  }
}

/// scoreRowBlock for rows [rowStart, rows) of the query tile at `q`: blocks
/// of `kRows` rows, then the rest in blocks of kRows / 2, kRows / 4, ..., 1
/// (kRows a power of 2).
template <int Lanes, int kRows>
inline __attribute__((always_inline)) void
scoreRows(const float *q, int64_t queryStride, int64_t rowStart, int64_t rows, int64_t d,
          const float *keyColumns, int64_t paddedCount, float scale, float *scores) {
  for (; rows - rowStart >= kRows; rowStart += kRows)
    scoreRowBlock<Lanes, kRows>(q + rowStart * queryStride, queryStride, d, keyColumns,
                                paddedCount, scale, scores + rowStart * kKeyBlock);
  if constexpr (kRows > 1)
    scoreRows<Lanes, kRows / 2>(q, queryStride, rowStart, rows, d, keyColumns, paddedCount,
                                scale, scores);
}

/// output[i][c] += sum over keys j < count of p[i][j] * v[j][c], for the
/// `kRows` rows at `p` (row stride kKeyBlock) and `output` (row stride
/// `outputStride`) and the `kVectors` vectors of features from `column`.
template <int Lanes, int kRows, int kVectors>
inline __attribute__((always_inline)) void
accumulateOutputBlock(const float *p, const float *v, int64_t valueStride, int64_t count,
                      int64_t column, float *output, int64_t outputStride) {
  using Vector = typename VectorOf<Lanes>::type;
  Vector sum[kRows][kVectors];
#pragma clang loop unroll(full)
  for (int r = 0; r < kRows; ++r)
#pragma clang loop unroll(full)
    for (int c = 0; c < kVectors; ++c)
      __builtin_memcpy(&sum[r][c], output + r * outputStride + column + c * Lanes,
                       sizeof(Vector));
  multiplyBlock<Lanes>(p, kKeyBlock, v + column, valueStride, count, sum);
#pragma clang loop unroll(full)
  for (int r = 0; r < kRows; ++r)
#pragma clang loop unroll(full)
    for (int c = 0; c < kVectors; ++c)
      __builtin_memcpy(output + r * outputStride + column + c * Lanes, &sum[r][c],
                       sizeof(Vector));
}

/// accumulateOutputBlock for `kRows` rows and the features [column, d):
/// whole vectors `kVectors` at a time, then the rest of them with fewer (one
/// instantiation per count), then the features past the last whole vector
/// one at a time.
template <int Lanes, int kRows, int kVectors>
inline __attribute__((always_inline)) void
accumulateOutputRowBlock(const float *p, const float *v, int64_t valueStride, int64_t count,
                         int64_t column, int64_t d, float *output) {
  for (; d - column >= kVectors * Lanes; column += kVectors * Lanes)
    accumulateOutputBlock<Lanes, kRows, kVectors>(p, v, valueStride, count, column, output, d);
  if constexpr (kVectors > 1) {
    if (d - column >= Lanes)
      return accumulateOutputRowBlock<Lanes, kRows, kVectors - 1>(p, v, valueStride, count,
                                                                  column, d, output);
  }
  for (int64_t r = 0; r < kRows; ++r)
    for (int64_t c = column; c < d; ++c) {
      float sum = output[r * d + c];
      for (int64_t j = 0; j < count; ++j)
        sum += p[r * kKeyBlock + j] * v[j * valueStride + c];
      output[r * d + c] = sum;
    }
}

/// output += P.V for rows [rowStart, rows): P row stride kKeyBlock, V's
/// rows from `v` (row stride `valueStride`), output [rows][d]; in blocks of
/// `kRows` rows, then of kRows / 2, ..., 1 (kRows a power of 2).
template <int Lanes, int kRows>
inline __attribute__((always_inline)) void
accumulateOutput(const float *p, int64_t rowStart, int64_t rows, const float *v,
                 int64_t valueStride, int64_t count, int64_t d, float *output) {
  for (; rows - rowStart >= kRows; rowStart += kRows)
    accumulateOutputRowBlock<Lanes, kRows, Blocking<Lanes>::outputVectors>(
        p + rowStart * kKeyBlock, v, valueStride, count, 0, d, output + rowStart * d);
  if constexpr (kRows > 1)
    accumulateOutput<Lanes, kRows / 2>(p, rowStart, rows, v, valueStride, count, d, output);
}

/// scores[i][j] = scale * (q_i . k_j) for rows [0, rows) of the query tile
/// at `q` and keys [0, count) at `k` (row stride `keyStride`), one dot
/// product at a time: for a few rows, where packing K would cost more than
/// it saves.
template <int Lanes>
inline __attribute__((always_inline)) void
scoreRowsUnpacked(const float *q, int64_t queryStride, int64_t rows, int64_t d, const float *k,
                  int64_t keyStride, int64_t count, float scale, float *scores) {
  using Vector = typename VectorOf<Lanes>::type;
  const int64_t vectorEnd = d / Lanes * Lanes;
  for (int64_t r = 0; r < rows; ++r) {
    const float *query = q + r * queryStride;
    for (int64_t j = 0; j < count; ++j) {
      const float *key = k + j * keyStride;
      Vector sum = {};
      for (int64_t c = 0; c < vectorEnd; c += Lanes) {
        Vector queryPart, keyPart;
        __builtin_memcpy(&queryPart, query + c, sizeof(Vector));
        __builtin_memcpy(&keyPart, key + c, sizeof(Vector));
        sum += queryPart * keyPart;
      }
      float lanes[Lanes];
      __builtin_memcpy(lanes, &sum, sizeof(Vector));
      float dot = sumOfLanes<Lanes>(lanes);
      for (int64_t c = vectorEnd; c < d; ++c)
        dot += query[c] * key[c];
      scores[r * kKeyBlock + j] = dot * scale;
    }
  }
}

/// Whether a task packs K and V (packKeysAndValuesF32) for its query tiles:
/// with fewer rows than this (a decoded token's), the products read them as
/// they lie, once.
constexpr int64_t kRowsWorthPacking = 16;

/// One query tile of head h of batch element b in f32, with K and V packed
/// by packKeysAndValuesF32 if `packed`.
template <int Lanes>
inline __attribute__((always_inline)) void attendTile(const AttentionProblem &problem, int64_t b,
                                                      int64_t h, int64_t queryStart, bool packed,
                                                      Scratch &scratch) {
  const int64_t d = problem.headDim;
  const int64_t rows = std::min(kQueryTile, problem.queries - queryStart);
  const int64_t queryStride = problem.query.strides[1];
  const int64_t keyStride = problem.key.strides[1], valueStride = problem.value.strides[1];
  const float *q = problem.query.as<float>() + b * problem.query.strides[0] +
                   queryStart * queryStride + h * d;
  const float *k = problem.key.as<float>() + b * problem.key.strides[0] + problem.keyFeatures(h);
  const float *v =
      problem.value.as<float>() + b * problem.value.strides[0] + problem.keyFeatures(h);
  float *scores = scratch.scores.data(), *output = scratch.output.data();
  float *runningMax = scratch.runningMax.data(), *runningSum = scratch.runningSum.data();
  std::fill(output, output + rows * d, 0.0f);
  std::fill(runningMax, runningMax + rows, kNegativeInfinity);
  std::fill(runningSum, runningSum + rows, 0.0f);

  const MaskAccess &mask = problem.mask;
  const int64_t keyEnd = keysAttended(problem, queryStart + rows);
  for (int64_t keyStart = 0; keyStart < keyEnd; keyStart += kKeyBlock) {
    const int64_t count = std::min(kKeyBlock, keyEnd - keyStart);
    if (packed)
      scoreRows<Lanes, Blocking<Lanes>::scoreRows>(
          q, queryStride, 0, rows, d,
          scratch.keyColumns.data() + keyStart / kKeyBlock * d * kKeyBlock,
          roundUp(count, Blocking<Lanes>::scoreVectors * Lanes), problem.scale, scores);
    else
      scoreRowsUnpacked<Lanes>(q, queryStride, rows, d, k + keyStart * keyStride, keyStride, count,
                               problem.scale, scores);
    for (int64_t i = 0; i < rows; ++i) {
      const char *maskRow = nullptr;
      if (mask.kind == TFMRT_MASK_ADDITIVE)
        maskRow = mask.data + (b * mask.strides[0] + h * mask.strides[1] +
                               (queryStart + i) * mask.strides[2]) *
                                  4;
      float rescale = updateRow<Lanes>(scores + i * kKeyBlock, count, mask, maskRow, keyStart,
                                       lastKeyKept(problem, queryStart + i), runningMax[i],
                                       runningSum[i]);
      if (rescale != 1.0f)
        for (int64_t c = 0; c < d; ++c)
          output[i * d + c] *= rescale;
    }
    if (packed)
      accumulateOutput<Lanes, Blocking<Lanes>::outputRows>(
          scores, 0, rows, scratch.valueRows.data() + keyStart * d, d, count, d, output);
    else
      accumulateOutput<Lanes, Blocking<Lanes>::outputRows>(
          scores, 0, rows, v + keyStart * valueStride, valueStride, count, d, output);
  }
  float *result = problem.result.as<float>() + b * problem.result.strides[0] +
                  queryStart * problem.result.strides[1] + h * d;
  for (int64_t i = 0; i < rows; ++i) {
    float inverse = 1.0f / runningSum[i]; // 0 kept keys: 0 * inf = NaN, as softmax gives
    for (int64_t c = 0; c < d; ++c)
      result[i * problem.result.strides[1] + c] = output[i * d + c] * inverse;
  }
}

/// The query tiles group, group + groups, ... of head h of batch element b
/// in f32: K and V are packed once for all of them, if `packed`.
template <int Lanes>
inline __attribute__((always_inline)) void attendTiles(const AttentionProblem &problem, int64_t b,
                                                       int64_t h, int64_t group, int64_t groups,
                                                       bool packed, Scratch &scratch) {
  const int64_t tiles = (problem.queries + kQueryTile - 1) / kQueryTile;
  if (packed)
    packKeysAndValuesF32(problem, b, h,
                         keysAttended(problem, lastQueryEnd(problem, group, groups)),
                         Blocking<Lanes>::scoreVectors * Lanes, scratch.keyColumns.data(),
                         scratch.valueRows.data());
  for (int64_t tile = group; tile < tiles; tile += groups)
    attendTile<Lanes>(problem, b, h, tile * kQueryTile, packed, scratch);
}

__attribute__((target("avx512f,fma"))) void attendTilesAvx512(const AttentionProblem &problem,
                                                              int64_t b, int64_t h,
                                                              int64_t group, int64_t groups,
                                                              bool packed, Scratch &scratch) {
  attendTiles<16>(problem, b, h, group, groups, packed, scratch);
}

__attribute__((target("avx2,fma"))) void attendTilesAvx2(const AttentionProblem &problem,
                                                         int64_t b, int64_t h, int64_t group,
                                                         int64_t groups, bool packed,
                                                         Scratch &scratch) {
  attendTiles<8>(problem, b, h, group, groups, packed, scratch);
}

void attendTilesPortable(const AttentionProblem &problem, int64_t b, int64_t h, int64_t group,
                         int64_t groups, bool packed, Scratch &scratch) {
  attendTiles<4>(problem, b, h, group, groups, packed, scratch);
}

//===----------------------------------------------------------------------===//
// The bf16 variant, on AMX
//===----------------------------------------------------------------------===//

/// 16 bf16 from each of `first` and `second` (`count` <= 16 of them, zeros
/// after) as 16 pairs (first in the low half).
TFM_AMX_TARGET inline __m512i bf16Pairs(const float *first, const float *second,
                                        __mmask16 firstMask, __mmask16 secondMask) {
  __m512i low = _mm512_cvtepu16_epi32(
      (__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(firstMask, first)));
  __m512i high = _mm512_cvtepu16_epi32(
      (__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(secondMask, second)));
  return _mm512_or_si512(low, _mm512_slli_epi32(high, 16));
}

/// Transposes the 16 x 16 block of 32-bit elements at `source` (row stride
/// `sourceStride`) into `target` (row stride `targetStride`).
TFM_AMX_TARGET inline void transpose16x16(const uint32_t *source, int64_t sourceStride,
                                          uint32_t *target, int64_t targetStride) {
  __m512i r[16], t[16];
  for (int i = 0; i < 16; ++i)
    r[i] = _mm512_loadu_si512(source + i * sourceStride);
  // Interleave 32-bit elements of row pairs, then 64-bit ones of pairs of
  // those, then 128-bit lanes twice.
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
    r[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
    r[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
    r[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
  }
  for (int i = 0; i < 4; ++i) {
    t[i] = _mm512_shuffle_i32x4(r[i], r[i + 4], 0x88);
    t[i + 4] = _mm512_shuffle_i32x4(r[i], r[i + 4], 0xdd);
    t[i + 8] = _mm512_shuffle_i32x4(r[i + 8], r[i + 12], 0x88);
    t[i + 12] = _mm512_shuffle_i32x4(r[i + 8], r[i + 12], 0xdd);
  }
  for (int i = 0; i < 4; ++i) {
    r[i] = _mm512_shuffle_i32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_i32x4(t[i], t[i + 8], 0xdd);
    r[i + 4] = _mm512_shuffle_i32x4(t[i + 4], t[i + 12], 0x88);
    r[i + 12] = _mm512_shuffle_i32x4(t[i + 4], t[i + 12], 0xdd);
  }
  for (int i = 0; i < 16; ++i)
    _mm512_storeu_si512(target + i * targetStride, r[i]);
}

/// c[m x n] (+)= a[m x k] . b, in f32, where a is bf16 (row stride
/// `aStride` elements) and b is k/2 rows of n bf16 pairs (row stride
/// `bStride` pairs: b's rows k and k+1 interleaved, AMX's layout for the
/// second operand). m, n and k are multiples of 32: each step computes a 32 x
/// 32 block of c in four tiles (0-3) from two tiles of a (4, 5) and two of b
/// (6, 7).
TFM_AMX_TARGET void amxProduct(const uint16_t *a, int64_t aStride, const uint32_t *b,
                               int64_t bStride, float *c, int64_t cStride, int64_t m, int64_t n,
                               int64_t k, bool accumulate) {
  const int64_t aBytes = aStride * 2, bBytes = bStride * 4, cBytes = cStride * 4;
  for (int64_t i = 0; i < m; i += 32)
    for (int64_t j = 0; j < n; j += 32) {
      float *block = c + i * cStride + j;
      if (accumulate) {
        _tile_loadd(0, block, cBytes);
        _tile_loadd(1, block + 16, cBytes);
        _tile_loadd(2, block + 16 * cStride, cBytes);
        _tile_loadd(3, block + 16 * cStride + 16, cBytes);
      } else {
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
      }
      for (int64_t p = 0; p < k; p += 32) {
        _tile_loadd(4, a + i * aStride + p, aBytes);
        _tile_loadd(5, a + (i + 16) * aStride + p, aBytes);
        _tile_loadd(6, b + (p / 2) * bStride + j, bBytes);
        _tile_loadd(7, b + (p / 2) * bStride + j + 16, bBytes);
        _tile_dpbf16ps(0, 4, 6);
        _tile_dpbf16ps(1, 4, 7);
        _tile_dpbf16ps(2, 5, 6);
        _tile_dpbf16ps(3, 5, 7);
      }
      _tile_stored(0, block, cBytes);
      _tile_stored(1, block + 16, cBytes);
      _tile_stored(2, block + 16 * cStride, cBytes);
      _tile_stored(3, block + 16 * cStride + 16, cBytes);
    }
}

/// K and V of head h of batch element b, keys [0, keyEnd), in bf16 as the
/// AMX products take them, zero-padded to multiples of 32: for key block n,
/// Kᵀ as [width/2][kKeyBlock] pairs at keyPairs + n * width/2 * kKeyBlock
/// (pair p of key j holds its elements 2p and 2p+1: K in bf16, as pairs,
/// transposed) and V as [kKeyBlock/2][width] pairs at valuePairs + n *
/// kKeyBlock/2 * width (pair p of column c holds keys 2p and 2p+1).
TFM_AMX_TARGET void packKeysAndValuesBf16(const AttentionProblem &problem, int64_t b,
                                          int64_t h, int64_t keyEnd, Scratch &scratch) {
  const int64_t d = problem.headDim, width = roundUp(d, 32);
  const int64_t keyStride = problem.key.strides[1], valueStride = problem.value.strides[1];
  const float *k = problem.key.as<float>() + b * problem.key.strides[0] + problem.keyFeatures(h);
  const float *v =
      problem.value.as<float>() + b * problem.value.strides[0] + problem.keyFeatures(h);
  uint16_t *keyBf16 = scratch.keyBf16.data();
  const uint32_t *keyRowPairs = reinterpret_cast<const uint32_t *>(keyBf16);
  for (int64_t keyStart = 0; keyStart < keyEnd; keyStart += kKeyBlock) {
    const int64_t count = std::min(kKeyBlock, keyEnd - keyStart);
    const int64_t paddedCount = roundUp(count, 32);
    const int64_t block = keyStart / kKeyBlock;
    uint32_t *keyPairs = scratch.keyPairs.data() + block * (width / 2) * kKeyBlock;
    uint32_t *valuePairs = scratch.valuePairs.data() + block * (kKeyBlock / 2) * width;
    for (int64_t j = 0; j < count; ++j)
      convertToBf16(k + (keyStart + j) * keyStride, d, keyBf16 + j * width, width);
    std::fill(keyBf16 + count * width, keyBf16 + paddedCount * width, 0);
    for (int64_t j = 0; j < paddedCount; j += 16)
      for (int64_t p = 0; p < width / 2; p += 16)
        transpose16x16(keyRowPairs + j * (width / 2) + p, width / 2, keyPairs + p * kKeyBlock + j,
                       kKeyBlock);
    for (int64_t p = 0; p < paddedCount / 2; ++p) {
      const float *first = v + (keyStart + std::min(2 * p, count - 1)) * valueStride;
      const float *second = v + (keyStart + std::min(2 * p + 1, count - 1)) * valueStride;
      for (int64_t c = 0; c < width; c += 16) {
        __mmask16 columns = leadingLanes(d - c);
        _mm512_storeu_si512(valuePairs + p * width + c,
                            bf16Pairs(first + c, second + c, 2 * p < count ? columns : 0,
                                      2 * p + 1 < count ? columns : 0));
      }
    }
  }
}

/// exp(x) in 16 lanes, by VectorMath's vectorizable exp.
TFM_AMX_TARGET inline __m512 exp16(__m512 x) {
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, x);
  for (int l = 0; l < 16; ++l)
    lanes[l] = vectorizableExp(lanes[l]);
  return _mm512_load_ps(lanes);
}

/// updateRow for the AMX path, one query row of raw products Q Kᵀ in a key
/// block: scaled by `scale` and masked here, the running max and sum
/// updated, and the probabilities written in bf16 to `probabilities`, zeros
/// from `count` to `paddedCount` (a multiple of 16) for the P . V product.
/// Returns the factor that rescales the row's previous O. Each pass keeps
/// its lanes in registers and reduces them there: rows are short (a key
/// block), so per-row overhead, not the exponentials, bounded this loop.
TFM_AMX_TARGET float updateRowBf16(float *scores, int64_t count, int64_t paddedCount, float scale,
                                   const MaskAccess &mask, const char *maskRow, int64_t keyStart,
                                   int64_t causalLimit, float &runningMax, float &runningSum,
                                   uint16_t *probabilities) {
  const float *keys = nullptr;
  if (mask.kind == TFMRT_MASK_ADDITIVE) {
    const int64_t stride = mask.strides[3];
    keys = reinterpret_cast<const float *>(maskRow) + keyStart * stride;
    // Strided keys (a key-major mask) are added here, the scale first, so
    // that the vector pass below reads contiguous ones.
    if (stride != 1) {
      for (int64_t j = 0; j < count; ++j)
        scores[j] = scores[j] * scale + keys[j * stride];
      keys = nullptr;
      scale = 1.0f;
    }
  }
  // Keys [keptEnd, count) are masked causally.
  const int64_t keptEnd = mask.kind == TFMRT_MASK_CAUSAL
                              ? std::min(firstMaskedCausally(causalLimit, keyStart), count)
                              : count;
  const __m512 negativeInfinity = _mm512_set1_ps(kNegativeInfinity);
  const __m512 scales = _mm512_set1_ps(scale);
  __m512 largest = negativeInfinity;
  for (int64_t j = 0; j < count; j += 16) {
    const __mmask16 present = leadingLanes(count - j);
    __m512 x = _mm512_mul_ps(_mm512_maskz_loadu_ps(present, scores + j), scales);
    if (keys)
      x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(present, keys + j));
    x = _mm512_mask_blend_ps(leadingLanes(keptEnd - j), negativeInfinity, x);
    _mm512_storeu_ps(scores + j, x);
    largest = _mm512_max_ps(x, largest);
  }
  const float newMax = std::max(runningMax, _mm512_reduce_max_ps(largest));
  if (newMax == kNegativeInfinity) {
    // Nothing kept yet in this row: no contribution.
    std::fill(probabilities, probabilities + paddedCount, 0);
    return 1.0f;
  }
  const __m512 shift = _mm512_set1_ps(newMax);
  __m512 sum = _mm512_setzero_ps();
  for (int64_t j = 0; j < paddedCount; j += 16) {
    const __mmask16 present = leadingLanes(count - j);
    const __m512 p = _mm512_maskz_mov_ps(
        present, exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(present, scores + j), shift)));
    sum = _mm512_add_ps(sum, p);
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(probabilities + j),
                        (__m256i)_mm512_cvtneps_pbh(p));
  }
  return foldKeyBlock(newMax, _mm512_reduce_add_ps(sum), runningMax, runningSum);
}

/// attendTile with bf16 products on AMX, for K and V packed by
/// packKeysAndValuesBf16. Operands are padded with zeros to multiples of 32
/// (rows, keys, head dimension), which add nothing to the products: Q as
/// [rows][width] bf16, P as [rows][keys] bf16, O as [rows][width] f32.
TFM_AMX_TARGET void attendTileAmx(const AttentionProblem &problem, int64_t b, int64_t h,
                                  int64_t queryStart, Scratch &scratch) {
  const int64_t d = problem.headDim, width = roundUp(d, 32);
  const int64_t rows = std::min(kQueryTile, problem.queries - queryStart);
  const int64_t paddedRows = roundUp(rows, 32);
  const int64_t queryStride = problem.query.strides[1];
  const float *q = problem.query.as<float>() + b * problem.query.strides[0] +
                   queryStart * queryStride + h * d;
  float *scores = scratch.scores.data(), *output = scratch.output.data();
  float *runningMax = scratch.runningMax.data(), *runningSum = scratch.runningSum.data();
  uint16_t *queryBf16 = scratch.queryBf16.data(),
           *probabilities = scratch.probabilitiesBf16.data();

  for (int64_t i = 0; i < rows; ++i)
    convertToBf16(q + i * queryStride, d, queryBf16 + i * width, width);
  std::fill(queryBf16 + rows * width, queryBf16 + paddedRows * width, 0);
  std::fill(runningMax, runningMax + rows, kNegativeInfinity);
  std::fill(runningSum, runningSum + rows, 0.0f);

  const MaskAccess &mask = problem.mask;
  // At least one key (attend takes care of none): the first key block's
  // product writes the output.
  int64_t keyEnd = keysAttended(problem, queryStart + rows);
  for (int64_t keyStart = 0; keyStart < keyEnd; keyStart += kKeyBlock) {
    const int64_t count = std::min(kKeyBlock, keyEnd - keyStart);
    const int64_t paddedCount = roundUp(count, 32);
    const uint32_t *keyPairs =
        scratch.keyPairs.data() + keyStart / kKeyBlock * (width / 2) * kKeyBlock;
    const uint32_t *valuePairs =
        scratch.valuePairs.data() + keyStart / kKeyBlock * (kKeyBlock / 2) * width;
    amxProduct(queryBf16, width, keyPairs, kKeyBlock, scores, kKeyBlock, paddedRows, paddedCount,
               width, /*accumulate=*/false);
    for (int64_t i = 0; i < rows; ++i) {
      const char *maskRow = nullptr;
      if (mask.kind == TFMRT_MASK_ADDITIVE)
        maskRow = mask.data + (b * mask.strides[0] + h * mask.strides[1] +
                               (queryStart + i) * mask.strides[2]) *
                                  4;
      // A causal tile's last block may end before the packed one: its keys
      // past `count` get probability 0.
      float rescale = updateRowBf16(scores + i * kKeyBlock, count, paddedCount, problem.scale, mask,
                                    maskRow, keyStart, lastKeyKept(problem, queryStart + i),
                                    runningMax[i], runningSum[i], probabilities + i * kKeyBlock);
      // The first block's product writes the output: nothing to rescale.
      if (rescale != 1.0f && keyStart > 0)
        for (int64_t c = 0; c < d; ++c)
          output[i * width + c] *= rescale;
    }
    for (int64_t i = rows; i < paddedRows; ++i)
      std::fill(probabilities + i * kKeyBlock, probabilities + i * kKeyBlock + paddedCount, 0);
    amxProduct(probabilities, kKeyBlock, valuePairs, width, output, width, paddedRows, width,
               paddedCount, /*accumulate=*/keyStart > 0);
  }
  float *result = problem.result.as<float>() + b * problem.result.strides[0] +
                  queryStart * problem.result.strides[1] + h * d;
  for (int64_t i = 0; i < rows; ++i) {
    float inverse = 1.0f / runningSum[i]; // 0 kept keys: 0 * inf = NaN, as softmax gives
    for (int64_t c = 0; c < d; ++c)
      result[i * problem.result.strides[1] + c] = output[i * width + c] * inverse;
  }
}

/// The query tiles group, group + groups, ... of head h of batch element b
/// in bf16 on AMX: K and V are packed once for all of them.
TFM_AMX_TARGET void attendTilesAmx(const AttentionProblem &problem, int64_t b, int64_t h,
                                   int64_t group, int64_t groups, Scratch &scratch) {
  const int64_t tiles = (problem.queries + kQueryTile - 1) / kQueryTile;
  int64_t keyEnd = keysAttended(problem, lastQueryEnd(problem, group, groups));
  TileConfig config;
  _tile_loadconfig(&config);
  packKeysAndValuesBf16(problem, b, h, keyEnd, scratch);
  for (int64_t tile = group; tile < tiles; tile += groups)
    attendTileAmx(problem, b, h, tile * kQueryTile, scratch);
  _tile_release();
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

void tfm::rt::attend(tfmrt_run_context *context, tfmrt_unranked_memref *query,
                     tfmrt_unranked_memref *key, tfmrt_unranked_memref *value,
                     tfmrt_unranked_memref *mask, tfmrt_unranked_memref *result, int64_t heads,
                     double scale, int64_t maskKind, int64_t bf16, VectorCode code) {
  const char *kernel = "tfmrt_attention";
  AttentionProblem problem;
  if (!viewOf(*context, query, 4, problem.query, kernel) ||
      !viewOf(*context, key, 4, problem.key, kernel) ||
      !viewOf(*context, value, 4, problem.value, kernel) ||
      !viewOf(*context, result, 4, problem.result, kernel))
    return;
  const MemRefView &q = problem.query, &k = problem.key, &v = problem.value,
                   &out = problem.result;
  // Key and value may have fewer heads than the query, a divisor of its
  // heads (grouped-query attention).
  const int64_t headDim = heads > 0 && q.rank == 3 ? q.sizes[2] / heads : 0;
  if (q.rank != 3 || k.rank != 3 || v.rank != 3 || out.rank != 3 || heads <= 0 ||
      q.sizes[2] % heads != 0 || k.sizes[2] != v.sizes[2] ||
      (headDim > 0 && (k.sizes[2] % headDim != 0 || k.sizes[2] == 0 ||
                       heads % (k.sizes[2] / headDim) != 0)) ||
      (headDim == 0 && k.sizes[2] != 0) || k.sizes[1] != v.sizes[1] ||
      out.sizes[1] != q.sizes[1] || out.sizes[2] != q.sizes[2]) {
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
  problem.headDim = headDim;
  if (headDim > 0)
    problem.queriesPerKeyHead = heads / (k.sizes[2] / headDim);
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
    if (problem.keys < problem.queries) {
      context->errors.record("tfmrt_attention: a causal mask needs at least as many keys as "
                             "queries, got " +
                             std::to_string(problem.keys) + " keys and " +
                             std::to_string(problem.queries) + " queries");
      return;
    }
    problem.causalOffset = problem.keys - problem.queries;
  } else if (maskKind != TFMRT_MASK_NONE) {
    context->errors.record("tfmrt_attention: unknown mask kind " + std::to_string(maskKind));
    return;
  }
  if (bf16 != 0 && bf16 != 1) {
    context->errors.record("tfmrt_attention: bf16 must be 0 or 1, not " + std::to_string(bf16));
    return;
  }
  if (problem.batch == 0 || problem.queries == 0 || problem.headDim == 0)
    return;
  if (problem.keys == 0) {
    // Softmax over no keys is 0 / 0. The kernels are not run: K and V may
    // have no storage to address.
    for (int64_t b = 0; b < problem.batch; ++b)
      for (int64_t i = 0; i < problem.queries; ++i)
        std::fill_n(out.as<float>() + b * out.strides[0] + i * out.strides[1], out.sizes[2],
                    std::numeric_limits<float>::quiet_NaN());
    return;
  }

  const int64_t tiles = (problem.queries + kQueryTile - 1) / kQueryTile;
  const VectorUnit unit = vectorUnitFor(code);
  const bool amx = bf16 == 1 && amxBf16Runs();
  const bool packF32 = !amx && problem.queries >= kRowsWorthPacking;
  try {
    context->dnnl.recordKernel("attention", amx ? std::string("tfm amx bf16")
                                                : std::string("tfm ") + vectorUnitName(unit) +
                                                      " f32");
  } catch (const std::bad_alloc &) {
    context->errors.record("tfmrt_attention: out of memory");
    return;
  }
  // A task is a group of a head's query tiles (every groups-th, so that
  // causal groups are even) that share packed K (and V), with enough groups
  // for about 4 tasks a thread.
  const int64_t groups = std::clamp<int64_t>(
      (4 * context->threads + problem.batch * heads - 1) / (problem.batch * heads), 1, tiles);
  const int64_t tasks = problem.batch * heads * groups;
  // The binding's buffers, or the call's own where no binding lends any.
  AttentionScratch::Workers callOwn;
  AttentionScratch::Workers *workers = &callOwn;
  std::unique_lock<std::mutex> holding;
  if (context->attentionScratch) {
    holding = std::unique_lock<std::mutex>(context->attentionScratch->mutex());
    workers = &context->attentionScratch->workers();
  }
  std::atomic<bool> outOfMemory{false};
  try {
    if (workers->perThread.size() < static_cast<size_t>(context->threads))
      workers->perThread.resize(context->threads);
  } catch (const std::bad_alloc &) {
    outOfMemory.store(true);
  }
#pragma omp parallel for schedule(dynamic, 1) num_threads(context->threads) if (!outOfMemory)
  for (int64_t task = 0; task < tasks; ++task) {
    if (outOfMemory.load(std::memory_order_relaxed))
      continue;
    // Causal tasks are uneven: the latest query tiles (most keys) go first.
    int64_t group = groups - 1 - task % groups;
    int64_t h = (task / groups) % heads, b = task / (groups * heads);
    // Scratch only: every tile overwrites what it reads of it, so a worker's
    // buffers carry nothing from one call to another.
    Scratch &scratch = workers->perThread[omp_get_thread_num()];
    try {
      scratch.reserve(problem.headDim, problem.keys, amx, packF32);
    } catch (const std::bad_alloc &) {
      outOfMemory.store(true);
      continue;
    }
    if (amx)
      attendTilesAmx(problem, b, h, group, groups, scratch);
    else if (unit == VectorUnit::Avx512)
      attendTilesAvx512(problem, b, h, group, groups, packF32, scratch);
    else if (unit == VectorUnit::Avx2)
      attendTilesAvx2(problem, b, h, group, groups, packF32, scratch);
    else
      attendTilesPortable(problem, b, h, group, groups, packF32, scratch);
  }
  if (outOfMemory.load())
    context->errors.record("tfmrt_attention: out of memory for a worker's scratch buffers");
}

extern "C" void
_mlir_ciface_tfmrt_attention(tfmrt_run_context *context, tfmrt_unranked_memref *query,
                             tfmrt_unranked_memref *key, tfmrt_unranked_memref *value,
                             tfmrt_unranked_memref *mask, tfmrt_unranked_memref *result,
                             int64_t heads, double scale, int64_t maskKind, int64_t bf16) {
  attend(context, query, key, value, mask, result, heads, scale, maskKind, bf16,
         VectorCode::Best);
}
