//===- Quantize.h - symmetric s8 quantization of activations and weights --===//
//
// Internal to libtfmrt (and its unit tests). The int8 linear
// (TFMRT_LINEAR_INT8) quantizes its input at run time, one scale per row or
// one for the whole input, and its weight once, one scale per output
// channel. Both are symmetric: scale = max|v| / 127 (1 for an all-zero
// group, whose values all quantize to 0), q = nearbyint(v * (127 / max|v|)),
// the rounding of the current mode (nearest-even), so that a reference can
// repeat it exactly.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_QUANTIZE_H
#define TFM_LIB_RUNTIME_QUANTIZE_H

#include "VectorCode.h"

#include <cstdint>

namespace tfm::rt {

/// Quantizes the rows x columns matrix `x` (element [r, c] at
/// x[r * rowStride + c * columnStride]) into the dense row-major `quantized`,
/// each value q stored as the s8 q or, if `offset`, the u8 q + 128 (read
/// with a zero point of 128); `scales` receives one scale per
/// row, or, if `perTensor`, one for all (scales[0]). Vectorised for AVX-512
/// and AVX2 where the CPU has them, and spread over up to `threads` OpenMP
/// threads when large.
/// `code` picks the loops (VectorCode.h).
void quantizeRows(const float *x, int64_t rows, int64_t columns, int64_t rowStride,
                  int64_t columnStride, bool perTensor, bool offset, uint8_t *quantized,
                  float *scales, int threads, VectorCode code = VectorCode::Best);

/// The steps of the int8 linear's dequantization, each optional (null):
/// scaling by `rowScales[r]` (or, if `oneRowScale`, `rowScales[0]` for every
/// row) and `channelScales[c]`; adding `bias[c * biasStride]`; adding
/// `residual[r * residualRowStride + c * residualColumnStride]`.
struct Dequantization {
  const float *rowScales = nullptr;
  bool oneRowScale = false;
  const float *channelScales = nullptr;
  const float *bias = nullptr;
  int64_t biasStride = 1;
  const float *residual = nullptr;
  int64_t residualRowStride = 0, residualColumnStride = 1;
};

/// Applies `steps`, in their order, in place to the rows x columns matrix
/// `y` (element [r, c] at y[r * rowStride + c * columnStride]): the s32
/// product, held as f32, becomes the linear's result. Loops and threads as
/// quantizeRows'; every `code` gives the same bits.
void dequantizeRows(float *y, int64_t rows, int64_t columns, int64_t rowStride,
                    int64_t columnStride, const Dequantization &steps, int threads,
                    VectorCode code = VectorCode::Best);

/// The zero point of the quantized input: q + 128 is stored.
constexpr int32_t kInputZeroPoint = 128;

/// The scale of a group whose largest magnitude is `maxAbs`, quantized to
/// [-levels, levels], and the multiplier that quantizes it. Activations
/// always use 127 levels; weights 127, or 63 where the int8 product would
/// overflow with 127 (see describeInt8Linear in DnnlKernels.cpp).
inline float quantizationScale(float maxAbs, int levels = 127) {
  return maxAbs > 0 ? maxAbs / static_cast<float>(levels) : 1.0f;
}
inline float quantizationMultiplier(float maxAbs, int levels = 127) {
  return maxAbs > 0 ? static_cast<float>(levels) / maxAbs : 0.0f;
}

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_QUANTIZE_H
