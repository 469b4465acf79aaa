//===- AmxLinear.h - the bf16 linear on AMX tiles -------------*- C++ -*-===//
//
// Internal to libtfmrt (and its unit tests). tfmrt_linear's bf16 variant
// where amxBf16Runs() (KernelSupport.h): the input is rounded to bf16 at
// each call, the weight was converted once, when bound, into
// amxLinearWeightLayout, and products accumulate in f32; bias and residual
// are added in f32 as each block of the result is stored.
//
// At BERT's 128 rows a bf16 linear streams its weight from memory, and the
// time goes to waiting for it: oneDNN 2.6's AMX matmul read cold weights at
// 8-11 GB/s on a Xeon whose cores read 28 GB/s. Here each thread owns a range
// of the weight's 32-column panels, so each weight byte is read by one core,
// and prefetches its next panel into L2 while it multiplies the current one.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_AMXLINEAR_H
#define TFM_LIB_RUNTIME_AMXLINEAR_H

#include <dnnl.hpp>

#include <cstdint>

namespace tfm::rt {

/// result[r, c] = sum_j input[r, j] weight[j, c] + bias[c] + residual[r, c]
/// for r < rows, c < n, j < k; bias and residual are optional (null).
/// Columns are contiguous in input, residual and result.
struct AmxLinear {
  int64_t rows = 0, k = 0, n = 0;
  const float *input = nullptr;
  int64_t inputRowStride = 0;
  /// The [k, n] weight in amxLinearWeightLayout(k, n).
  const uint16_t *weight = nullptr;
  const float *bias = nullptr;
  int64_t biasStride = 1;
  const float *residual = nullptr;
  int64_t residualRowStride = 0;
  float *result = nullptr;
  int64_t resultRowStride = 0;
};

/// The layout the kernel reads a [k, n] weight in: bf16, oneDNN's
/// BA16a32b2a. Blocks of 32 columns by 32 rows, each 2 KB contiguous, the
/// blocks of a 32-column panel consecutive; in a block, row pair i holds
/// the 32 columns' elements of rows 2i and 2i + 1 interleaved, AMX's layout
/// for a product's second operand. k and n are padded to multiples of 32
/// with zeros.
dnnl::memory::desc amxLinearWeightLayout(int64_t k, int64_t n);

/// The bf16 elements of scratch runAmxLinear needs for `rows` x `k` inputs.
int64_t amxLinearScratchElements(int64_t rows, int64_t k);

/// Computes `linear` on up to `threads` OpenMP threads. Call only where
/// amxBf16Runs(); `scratch` holds amxLinearScratchElements(rows, k).
void runAmxLinear(const AmxLinear &linear, uint16_t *scratch, int threads);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_AMXLINEAR_H
