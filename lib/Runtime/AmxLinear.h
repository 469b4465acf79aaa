//===- AmxLinear.h - bf16 and int8 linears on AMX tiles -------*- C++ -*-===//
//
// Internal to libtfmrt (and its unit tests). tfmrt_linear's bf16 and int8
// variants where AMX runs (amxBf16Runs, amxInt8Runs: KernelSupport.h):
// - bf16: the input is rounded to bf16 by the kernel at each call, the
//   weight was converted once, when bound; products accumulate in f32;
// - int8: the input was quantized to s8 per row or per tensor (Quantize.h),
//   the weight per output channel when bound; products accumulate in s32
//   (no intermediate saturation, unlike AVX-512 VNNI's), then are scaled
//   by the input's and the channel's scales in f32.
// Bias, activation and residual are applied in f32 as each block of the
// result is stored.
//
// At BERT's 128 rows a linear waits on its weight streaming from memory:
// oneDNN 2.6's AMX bf16 matmul read cold weights at 8-11 GB/s on a Xeon
// whose two cores read 28 GB/s. Here each thread owns a range of the
// weight's 32-column panels, so each weight byte is read by one core, and
// prefetches its next panel into L2 while it multiplies the current one.
// With the weights in cache, loading the tiles' operands from L2 (one tile
// load per product) bounds the loop: benchmarks/amx_rate.c.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_AMXLINEAR_H
#define TFM_LIB_RUNTIME_AMXLINEAR_H

#include <dnnl.hpp>

#include <cstdint>

namespace tfm::rt {

enum class AmxType { Bf16, Int8 };

/// result[r, c] = activation(sum_j input[r, j] weight[j, c] + bias[c]) +
/// residual[r, c] for r < rows, c < n, j < k; bias and residual are
/// optional (null).
/// Columns are contiguous in input, residual and result.
struct AmxLinear {
  AmxType type = AmxType::Bf16;
  int64_t rows = 0, k = 0, n = 0;
  /// bf16: the f32 input.
  const float *input = nullptr;
  int64_t inputRowStride = 0;
  /// int8: the input quantized to s8, dense [rows, k], in a buffer of
  /// amxLinearScratchBytes; its scales, one per row or, if `oneRowScale`,
  /// one for all; the weight's, one per column.
  const int8_t *quantizedInput = nullptr;
  const float *rowScales = nullptr;
  bool oneRowScale = false;
  const float *channelScales = nullptr;
  /// The [k, n] weight in amxLinearWeightLayout(type, k, n).
  const void *weight = nullptr;
  const float *bias = nullptr;
  int64_t biasStride = 1;
  /// TFMRT_ACTIVATION_* (VectorMath.h computes them).
  int64_t activation = 0;
  const float *residual = nullptr;
  int64_t residualRowStride = 0;
  float *result = nullptr;
  int64_t resultRowStride = 0;
};

/// The layout the kernel reads a [k, n] weight in: oneDNN's BA16a32b2a for
/// bf16, BA16a32b4a for s8. Blocks of 32 columns by 32 (bf16) or 64 (s8)
/// rows, each 2 KB contiguous, the blocks of a 32-column panel consecutive;
/// in a block, row group i holds the 32 columns' elements of rows 2i and
/// 2i + 1 (4i to 4i + 3) interleaved, AMX's layout for a product's second
/// operand. k and n are padded with zeros to whole blocks.
dnnl::memory::desc amxLinearWeightLayout(AmxType type, int64_t k, int64_t n);

/// The bytes of buffer the input needs: bf16, the kernel's converted copy
/// (its `scratch`); int8, the quantized input (`quantizedInput`), with room
/// for the tiles to read past its end.
int64_t amxLinearScratchBytes(AmxType type, int64_t rows, int64_t k);

/// Computes `linear` on up to `threads` OpenMP threads. Call only where
/// the type's AMX check holds; bf16 needs `scratch` of
/// amxLinearScratchBytes(Bf16, rows, k).
void runAmxLinear(const AmxLinear &linear, void *scratch, int threads);

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_AMXLINEAR_H
