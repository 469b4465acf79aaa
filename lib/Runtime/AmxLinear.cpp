//===- AmxLinear.cpp - bf16 and int8 linears on AMX tiles -----------------===//

#include "AmxLinear.h"
#include "Amx.h"
#include "KernelSupport.h"
#include "VectorMath.h"

#include <algorithm>
#include <cstring>

#include <omp.h>

namespace tfm::rt {
namespace {

/// Weight columns per panel (two tiles), and bytes of a tile row.
constexpr int64_t kPanelColumns = 32;
constexpr int64_t kTileRowBytes = 64;
/// Bytes of a weight block: 32 columns by one tile row's depth.
constexpr int64_t kBlockBytes = kPanelColumns * kTileRowBytes;

/// Input elements per tile row: the depth of one block.
int64_t blockDepth(AmxType type) { return type == AmxType::Bf16 ? 32 : 64; }

/// How the kernel reads the input: rows of `rowBytes` at `rows`.
struct InputRows {
  const char *rows;
  int64_t rowBytes;
  int64_t paddedK; // a whole number of blocks
};

/// The input rows multiplied by every panel before the next rows are: as
/// many as keep their copy within 1.5 MB of L2, at least 32.
int64_t rowsPerPass(const InputRows &input) {
  return std::max<int64_t>(32,
                           (int64_t(3) << 19) / std::max<int64_t>(input.rowBytes, 64) / 32 * 32);
}

/// Rows [begin, end) of the f32 input in bf16, zero-padded to `paddedK`
/// columns; rows past the input's are zeros.
TFM_AMX_TARGET void convertRows(const AmxLinear &linear, uint16_t *rows, int64_t paddedK,
                                int64_t begin, int64_t end) {
  for (int64_t r = begin; r < end; ++r) {
    if (r < linear.rows)
      convertToBf16(linear.input + r * linear.inputRowStride, linear.k, rows + r * paddedK,
                    paddedK);
    else
      std::memset(rows + r * paddedK, 0, static_cast<size_t>(paddedK) * 2);
  }
}

/// A 32x32 block of the result held in f32 (bf16) or s32 (int8) sums,
/// waiting to be stored row by row while the tiles compute the next: rows
/// firstRow + [next, count) of the result's columns firstColumn...
struct PendingBlock {
  const void *sums = nullptr;
  const float *bias = nullptr;
  int64_t firstRow = 0, firstColumn = 0, count = 0, next = 0;
};

/// Stores rows [pending.next, end) of `pending`, adding the bias, applying
/// the activation, adding the residual (int8: scaled by the row's and the
/// channel's scales first).
template <AmxType Type>
TFM_AMX_TARGET void storeRows(const AmxLinear &linear, PendingBlock &pending, int64_t end) {
  end = std::min(end, pending.count);
  if (pending.next >= end)
    return;
  const int64_t firstColumn = pending.firstColumn;
  const __mmask16 low = leadingLanes(linear.n - firstColumn);
  const __mmask16 high = leadingLanes(linear.n - firstColumn - 16);
  const __m512 lowBias = _mm512_load_ps(pending.bias), highBias = _mm512_load_ps(pending.bias + 16);
  __m512 lowScales = _mm512_setzero_ps(), highScales = _mm512_setzero_ps();
  if (Type == AmxType::Int8) {
    lowScales = _mm512_maskz_loadu_ps(low, linear.channelScales + firstColumn);
    highScales = _mm512_maskz_loadu_ps(high, linear.channelScales + firstColumn + 16);
  }
  for (int64_t i = pending.next; i < end; ++i) {
    const int64_t r = pending.firstRow + i;
    __m512 lowValues, highValues;
    if (Type == AmxType::Bf16) {
      const float *sums = static_cast<const float *>(pending.sums) + i * kPanelColumns;
      lowValues = _mm512_load_ps(sums);
      highValues = _mm512_load_ps(sums + 16);
    } else {
      // As dequantizeRows: the row's scale, then the channel's.
      const int32_t *sums = static_cast<const int32_t *>(pending.sums) + i * kPanelColumns;
      const __m512 rowScale = _mm512_set1_ps(linear.rowScales[linear.oneRowScale ? 0 : r]);
      lowValues = _mm512_mul_ps(
          _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_load_si512(sums)), rowScale), lowScales);
      highValues = _mm512_mul_ps(
          _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_load_si512(sums + 16)), rowScale), highScales);
    }
    lowValues = _mm512_add_ps(lowValues, lowBias);
    highValues = _mm512_add_ps(highValues, highBias);
    if (linear.activation != TFMRT_ACTIVATION_NONE) {
      alignas(64) float row[kPanelColumns];
      _mm512_store_ps(row, lowValues);
      _mm512_store_ps(row + 16, highValues);
      applyActivation(row, kPanelColumns, linear.activation);
      lowValues = _mm512_load_ps(row);
      highValues = _mm512_load_ps(row + 16);
    }
    if (linear.residual) {
      const float *residual = linear.residual + r * linear.residualRowStride + firstColumn;
      lowValues = _mm512_add_ps(lowValues, _mm512_maskz_loadu_ps(low, residual));
      highValues = _mm512_add_ps(highValues, _mm512_maskz_loadu_ps(high, residual + 16));
    }
    float *result = linear.result + r * linear.resultRowStride + firstColumn;
    _mm512_mask_storeu_ps(result, low, lowValues);
    _mm512_mask_storeu_ps(result + 16, high, highValues);
  }
  pending.next = end;
}

/// The tile product of `Type`: tile 0-3 += tile 4-5 . tile 6-7.
template <AmxType Type, int C, int A, int B> TFM_AMX_TARGET inline void multiplyTiles() {
  if (Type == AmxType::Bf16)
    _tile_dpbf16ps(C, A, B);
  else
    _tile_dpbssd(C, A, B);
}

/// Panels [firstPanel, endPanel) of the product of input rows [firstRow,
/// endRow) (endRow a multiple of 16), in steps of 32 rows (four tiles of
/// the result, 0-3, from two of the input, 4-5, and two of the weight, 6-7)
/// or, for the last 16, 16 rows. Each step's result block is stored while
/// the next step multiplies, a few rows per depth block, so the vector
/// units work while the tiles do.
template <AmxType Type>
TFM_AMX_TARGET void multiplyPanels(const AmxLinear &linear, const InputRows &input,
                                   int64_t firstRow, int64_t endRow, int64_t firstPanel,
                                   int64_t endPanel) {
  const int64_t depthBlocks = input.paddedK / blockDepth(Type);
  const int64_t panelBytes = depthBlocks * kBlockBytes;
  // One block's sums wait while the next is computed; a panel's first
  // block waits with the previous panel's bias.
  alignas(64) int32_t block[32 * kPanelColumns];
  alignas(64) float biases[2][kPanelColumns];
  PendingBlock pending;
  const int64_t rowsPerDepthBlock = (32 + depthBlocks - 1) / depthBlocks;
  // The next panel's cache lines, spread over this panel's steps.
  const int64_t lines = panelBytes / 64;
  const int64_t steps = std::max<int64_t>(1, (endRow - firstRow + 31) / 32 * depthBlocks);
  const int64_t linesPerStep = (lines + steps - 1) / steps;
  for (int64_t p = firstPanel; p < endPanel; ++p) {
    const char *panel = static_cast<const char *>(linear.weight) + p * panelBytes;
    const char *next = p + 1 < endPanel ? panel + panelBytes : nullptr;
    int64_t prefetched = 0;
    const int64_t firstColumn = p * kPanelColumns;
    float *bias = biases[p & 1];
    for (int64_t c = 0; c < kPanelColumns; ++c)
      bias[c] = linear.bias && firstColumn + c < linear.n
                    ? linear.bias[(firstColumn + c) * linear.biasStride]
                    : 0.0f;
    for (int64_t r = firstRow; r < endRow; r += 32) {
      const bool twoTiles = r + 16 < endRow;
      const char *a = input.rows + r * input.rowBytes;
      _tile_zero(0);
      _tile_zero(1);
      _tile_zero(2);
      _tile_zero(3);
      for (int64_t d = 0; d < depthBlocks; ++d) {
        const char *b = panel + d * kBlockBytes;
        // A block's row holds 32 columns: the tiles take 16 each.
        _tile_loadd(6, b, 2 * kTileRowBytes);
        _tile_loadd(7, b + kTileRowBytes, 2 * kTileRowBytes);
        _tile_loadd(4, a + d * kTileRowBytes, input.rowBytes);
        multiplyTiles<Type, 0, 4, 6>();
        multiplyTiles<Type, 1, 4, 7>();
        if (twoTiles) {
          _tile_loadd(5, a + 16 * input.rowBytes + d * kTileRowBytes, input.rowBytes);
          multiplyTiles<Type, 2, 5, 6>();
          multiplyTiles<Type, 3, 5, 7>();
        }
        if (next)
          for (int64_t i = 0; i < linesPerStep && prefetched < lines; ++i, ++prefetched)
            _mm_prefetch(next + prefetched * 64, _MM_HINT_T1);
        storeRows<Type>(linear, pending, pending.next + rowsPerDepthBlock);
      }
      storeRows<Type>(linear, pending, pending.count);
      constexpr int64_t kRowBytes = kPanelColumns * 4;
      _tile_stored(0, block, kRowBytes);
      _tile_stored(1, block + 16, kRowBytes);
      _tile_stored(2, block + 16 * kPanelColumns, kRowBytes);
      _tile_stored(3, block + 16 * kPanelColumns + 16, kRowBytes);
      pending.sums = block;
      pending.bias = bias;
      pending.firstRow = r;
      pending.firstColumn = firstColumn;
      pending.count = std::min<int64_t>(twoTiles ? 32 : 16, linear.rows - r);
      pending.next = 0;
    }
  }
  storeRows<Type>(linear, pending, pending.count);
}

/// Thread `thread` of `threads`: for bf16, converts its share of the input
/// rows and waits for the others'; then multiplies its share of the panels.
template <AmxType Type>
TFM_AMX_TARGET void runThread(const AmxLinear &linear, void *scratch, int thread, int threads) {
  const int64_t paddedRows = roundUp(linear.rows, 16);
  InputRows input;
  input.paddedK = roundUp(linear.k, blockDepth(Type));
  if (Type == AmxType::Bf16) {
    auto *rows = static_cast<uint16_t *>(scratch);
    convertRows(linear, rows, input.paddedK, paddedRows * thread / threads,
                paddedRows * (thread + 1) / threads);
#pragma omp barrier
    input.rows = reinterpret_cast<const char *>(rows);
    input.rowBytes = input.paddedK * 2;
  } else {
    // Tiles read each row's last block past its end, into the next row (or
    // the buffer's slack): the weight's padding rows, zeros, cancel it.
    input.rows = reinterpret_cast<const char *>(linear.quantizedInput);
    input.rowBytes = linear.k;
  }
  const int64_t panels = (linear.n + kPanelColumns - 1) / kPanelColumns;
  const int64_t firstPanel = panels * thread / threads;
  const int64_t endPanel = panels * (thread + 1) / threads;
  if (firstPanel == endPanel)
    return;
  TileConfig config;
  _tile_loadconfig(&config);
  const int64_t pass = rowsPerPass(input);
  for (int64_t r = 0; r < paddedRows; r += pass)
    multiplyPanels<Type>(linear, input, r, std::min(r + pass, paddedRows), firstPanel, endPanel);
  _tile_release();
}

} // namespace

dnnl::memory::desc amxLinearWeightLayout(AmxType type, int64_t k, int64_t n) {
  return type == AmxType::Bf16 ? dnnl::memory::desc({k, n}, dnnl::memory::data_type::bf16,
                                                    dnnl::memory::format_tag::BA16a32b2a)
                               : dnnl::memory::desc({k, n}, dnnl::memory::data_type::s8,
                                                    dnnl::memory::format_tag::BA16a32b4a);
}

int64_t amxLinearScratchBytes(AmxType type, int64_t rows, int64_t k) {
  if (type == AmxType::Bf16)
    return roundUp(rows, 16) * roundUp(k, blockDepth(type)) * 2;
  return roundUp(rows, 16) * k + kTileRowBytes;
}

void runAmxLinear(const AmxLinear &linear, void *scratch, int threads) {
#pragma omp parallel num_threads(std::max(threads, 1))
  {
    if (linear.type == AmxType::Bf16)
      runThread<AmxType::Bf16>(linear, scratch, omp_get_thread_num(), omp_get_num_threads());
    else
      runThread<AmxType::Int8>(linear, scratch, omp_get_thread_num(), omp_get_num_threads());
  }
}

} // namespace tfm::rt
