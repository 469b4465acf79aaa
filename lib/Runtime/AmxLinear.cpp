//===- AmxLinear.cpp - the bf16 linear on AMX tiles -----------------------===//

#include "AmxLinear.h"
#include "Amx.h"

#include <algorithm>
#include <cstring>

#include <omp.h>

namespace tfm::rt {
namespace {

/// Weight columns per panel (two tiles), and rows of the weight per block
/// (one tile's 32 bf16).
constexpr int64_t kPanelColumns = 32;
constexpr int64_t kBlockDepth = 32;
constexpr int64_t kBlockElements = kPanelColumns * kBlockDepth;

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// The input rows multiplied by every panel before the next rows are: as
/// many as keep their bf16 copy within 1.5 MB of L2, at least 32.
int64_t rowsPerPass(int64_t paddedK) {
  return std::max<int64_t>(32, (int64_t(3) << 19) / (std::max<int64_t>(paddedK, 32) * 2) / 32 * 32);
}

/// Rows [begin, end) of the input in bf16, zero-padded to `paddedK` columns;
/// rows past the input's are zeros.
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

/// Stores the first `count` rows of `block` (32 columns a row), rows
/// firstRow... of the result's columns firstColumn..., adding `bias` (32
/// values) and the residual.
TFM_AMX_TARGET void storeBlock(const AmxLinear &linear, const float *block, const float *bias,
                               int64_t firstRow, int64_t count, int64_t firstColumn) {
  const __mmask16 low = leadingLanes(linear.n - firstColumn);
  const __mmask16 high = leadingLanes(linear.n - firstColumn - 16);
  const __m512 lowBias = _mm512_load_ps(bias), highBias = _mm512_load_ps(bias + 16);
  count = std::min(count, linear.rows - firstRow);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t r = firstRow + i;
    __m512 lowValues = _mm512_add_ps(_mm512_load_ps(block + i * kPanelColumns), lowBias);
    __m512 highValues = _mm512_add_ps(_mm512_load_ps(block + i * kPanelColumns + 16), highBias);
    if (linear.residual) {
      const float *residual = linear.residual + r * linear.residualRowStride + firstColumn;
      lowValues = _mm512_add_ps(lowValues, _mm512_maskz_loadu_ps(low, residual));
      highValues = _mm512_add_ps(highValues, _mm512_maskz_loadu_ps(high, residual + 16));
    }
    float *result = linear.result + r * linear.resultRowStride + firstColumn;
    _mm512_mask_storeu_ps(result, low, lowValues);
    _mm512_mask_storeu_ps(result + 16, high, highValues);
  }
}

/// Panels [firstPanel, endPanel) of the product of input rows [firstRow,
/// endRow) (bf16 in `rows`; endRow a multiple of 16), in steps of 32 rows
/// (four tiles of the result, 0-3, from two of the input, 4-5, and two of
/// the weight, 6-7) or, for the last 16, 16 rows.
TFM_AMX_TARGET void multiplyPanels(const AmxLinear &linear, const uint16_t *rows, int64_t paddedK,
                                   int64_t firstRow, int64_t endRow, int64_t firstPanel,
                                   int64_t endPanel) {
  const int64_t depthBlocks = paddedK / kBlockDepth;
  const int64_t panelElements = depthBlocks * kBlockElements;
  const int64_t rowBytes = paddedK * 2;
  alignas(64) float block[32 * kPanelColumns];
  alignas(64) float bias[kPanelColumns];
  // The next panel's cache lines, spread over this panel's steps.
  const int64_t lines = panelElements * 2 / 64;
  const int64_t steps = std::max<int64_t>(1, (endRow - firstRow + 31) / 32 * depthBlocks);
  const int64_t linesPerStep = (lines + steps - 1) / steps;
  for (int64_t p = firstPanel; p < endPanel; ++p) {
    const uint16_t *panel = linear.weight + p * panelElements;
    const char *next =
        p + 1 < endPanel ? reinterpret_cast<const char *>(panel + panelElements) : nullptr;
    int64_t prefetched = 0;
    const int64_t firstColumn = p * kPanelColumns;
    for (int64_t c = 0; c < kPanelColumns; ++c)
      bias[c] = linear.bias && firstColumn + c < linear.n
                    ? linear.bias[(firstColumn + c) * linear.biasStride]
                    : 0.0f;
    for (int64_t r = firstRow; r < endRow; r += 32) {
      const bool twoTiles = r + 16 < endRow;
      const uint16_t *a = rows + r * paddedK;
      _tile_zero(0);
      _tile_zero(1);
      _tile_zero(2);
      _tile_zero(3);
      for (int64_t d = 0; d < depthBlocks; ++d) {
        const uint16_t *b = panel + d * kBlockElements;
        // A block's row pair holds 32 columns: the tiles take 16 each.
        _tile_loadd(6, b, 128);
        _tile_loadd(7, b + 32, 128);
        _tile_loadd(4, a + d * kBlockDepth, rowBytes);
        _tile_dpbf16ps(0, 4, 6);
        _tile_dpbf16ps(1, 4, 7);
        if (twoTiles) {
          _tile_loadd(5, a + 16 * paddedK + d * kBlockDepth, rowBytes);
          _tile_dpbf16ps(2, 5, 6);
          _tile_dpbf16ps(3, 5, 7);
        }
        if (next)
          for (int64_t i = 0; i < linesPerStep && prefetched < lines; ++i, ++prefetched)
            _mm_prefetch(next + prefetched * 64, _MM_HINT_T1);
      }
      _tile_stored(0, block, kPanelColumns * 4);
      _tile_stored(1, block + 16, kPanelColumns * 4);
      _tile_stored(2, block + 16 * kPanelColumns, kPanelColumns * 4);
      _tile_stored(3, block + 16 * kPanelColumns + 16, kPanelColumns * 4);
      storeBlock(linear, block, bias, r, twoTiles ? 32 : 16, firstColumn);
    }
  }
}

/// Thread `thread` of `threads`: converts its share of the input rows,
/// waits for the others', then multiplies its share of the panels.
TFM_AMX_TARGET void runThread(const AmxLinear &linear, uint16_t *rows, int thread, int threads) {
  const int64_t paddedK = roundUp(linear.k, kBlockDepth);
  const int64_t paddedRows = roundUp(linear.rows, 16);
  convertRows(linear, rows, paddedK, paddedRows * thread / threads,
              paddedRows * (thread + 1) / threads);
#pragma omp barrier
  const int64_t panels = (linear.n + kPanelColumns - 1) / kPanelColumns;
  const int64_t firstPanel = panels * thread / threads;
  const int64_t endPanel = panels * (thread + 1) / threads;
  if (firstPanel == endPanel)
    return;
  TileConfig config;
  _tile_loadconfig(&config);
  const int64_t pass = rowsPerPass(paddedK);
  for (int64_t r = 0; r < paddedRows; r += pass)
    multiplyPanels(linear, rows, paddedK, r, std::min(r + pass, paddedRows), firstPanel, endPanel);
  _tile_release();
}

} // namespace

dnnl::memory::desc amxLinearWeightLayout(int64_t k, int64_t n) {
  return dnnl::memory::desc({k, n}, dnnl::memory::data_type::bf16,
                            dnnl::memory::format_tag::BA16a32b2a);
}

int64_t amxLinearScratchElements(int64_t rows, int64_t k) {
  return roundUp(rows, 16) * roundUp(k, kBlockDepth);
}

void runAmxLinear(const AmxLinear &linear, uint16_t *scratch, int threads) {
#pragma omp parallel num_threads(std::max(threads, 1))
  runThread(linear, scratch, omp_get_thread_num(), omp_get_num_threads());
}

} // namespace tfm::rt
