//===- Quantize.cpp - symmetric s8 quantization of activations ------------===//
//
// The run-time half of the int8 linear's quantization: two passes over each
// row (its largest magnitude, then the scaled, rounded values), compiled for
// AVX-512 and AVX2 and chosen by what the CPU supports, as
// FlashAttention.cpp does; a portable loop serves strided rows and other
// CPUs. All three round alike (cvtps2dq and nearbyint both round in the
// current mode). The int8 linear's dequantization is here too: one pass
// that scales each element by its row's and its channel's scale and adds
// the bias and residual, written as plain loops that the same three targets
// compile (each operation its own statement, so no path contracts to FMA
// and all give the same bits).
//
//===----------------------------------------------------------------------===//

#include "Quantize.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace tfm::rt {
namespace {

float maxAbsPortable(const float *x, int64_t count, int64_t stride) {
  float largest = 0;
  for (int64_t i = 0; i < count; ++i)
    largest = std::max(largest, std::fabs(x[i * stride]));
  return largest;
}

// The byte of q is flipped in its top bit to store q + 128.
void quantizePortable(const float *x, int64_t count, int64_t stride, float multiplier,
                      uint8_t topBit, uint8_t *quantized) {
  for (int64_t i = 0; i < count; ++i) {
    float value = std::nearbyint(x[i * stride] * multiplier);
    quantized[i] = static_cast<uint8_t>(
        static_cast<uint8_t>(static_cast<int8_t>(std::clamp(value, -127.0f, 127.0f))) ^ topBit);
  }
}

__attribute__((target("avx512f"))) float maxAbsAvx512(const float *x, int64_t count) {
  __m512 largest = _mm512_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= count; i += 16)
    largest = _mm512_max_ps(largest, _mm512_abs_ps(_mm512_loadu_ps(x + i)));
  float result = _mm512_reduce_max_ps(largest);
  return std::max(result, maxAbsPortable(x + i, count - i, 1));
}

__attribute__((target("avx512f"))) void quantizeAvx512(const float *x, int64_t count,
                                                       float multiplier, uint8_t flip,
                                                       uint8_t *quantized) {
  const __m512 scale = _mm512_set1_ps(multiplier);
  const __m128i topBit = _mm_set1_epi8(static_cast<char>(flip));
  int64_t i = 0;
  for (; i + 16 <= count; i += 16) {
    __m512i rounded = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + i), scale));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(quantized + i),
                     _mm_xor_si128(_mm512_cvtsepi32_epi8(rounded), topBit));
  }
  quantizePortable(x + i, count - i, 1, multiplier, flip, quantized + i);
}

__attribute__((target("avx2"))) float maxAbsAvx2(const float *x, int64_t count) {
  const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  __m256 largest = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 8 <= count; i += 8)
    largest = _mm256_max_ps(largest, _mm256_and_ps(_mm256_loadu_ps(x + i), magnitude));
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, largest);
  float result = *std::max_element(lanes, lanes + 8);
  return std::max(result, maxAbsPortable(x + i, count - i, 1));
}

__attribute__((target("avx2"))) void quantizeAvx2(const float *x, int64_t count,
                                                  float multiplier, uint8_t flip,
                                                  uint8_t *quantized) {
  const __m256 scale = _mm256_set1_ps(multiplier);
  const __m128i topBit = _mm_set1_epi8(static_cast<char>(flip));
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    __m256i rounded = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i), scale));
    __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(rounded),
                                    _mm256_extracti128_si256(rounded, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i *>(quantized + i),
                     _mm_xor_si128(_mm_packs_epi16(words, words), topBit));
  }
  quantizePortable(x + i, count - i, 1, multiplier, flip, quantized + i);
}

float maxAbs(const float *x, int64_t count, int64_t stride, VectorUnit unit) {
  if (stride == 1 && unit == VectorUnit::Avx512)
    return maxAbsAvx512(x, count);
  if (stride == 1 && unit == VectorUnit::Avx2)
    return maxAbsAvx2(x, count);
  return maxAbsPortable(x, count, stride);
}

void quantize(const float *x, int64_t count, int64_t stride, float multiplier, uint8_t flip,
              uint8_t *quantized, VectorUnit unit) {
  if (stride == 1 && unit == VectorUnit::Avx512)
    return quantizeAvx512(x, count, multiplier, flip, quantized);
  if (stride == 1 && unit == VectorUnit::Avx2)
    return quantizeAvx2(x, count, multiplier, flip, quantized);
  quantizePortable(x, count, stride, multiplier, flip, quantized);
}

/// One row of dequantizeRows: the steps `Scale`, `Bias` and `Residual`,
/// with the given strides (literal 1s in the vector paths, so that they
/// vectorise).
template <bool Scale, bool Bias, bool Residual>
inline __attribute__((always_inline)) void
dequantizeRow(float *y, int64_t columns, int64_t columnStride, float rowScale,
              const float *channelScales, const float *bias, int64_t biasStride,
              const float *residual, int64_t residualStride) {
  for (int64_t c = 0; c < columns; ++c) {
    float value = y[c * columnStride];
    if (Scale) {
      value = value * rowScale;
      value = value * channelScales[c];
    }
    if (Bias)
      value = value + bias[c * biasStride];
    if (Residual)
      value = value + residual[c * residualStride];
    y[c * columnStride] = value;
  }
}

template <bool Scale, bool Bias, bool Residual>
__attribute__((target("avx512f"))) void
dequantizeRowAvx512(float *y, int64_t columns, float rowScale, const float *channelScales,
                    const float *bias, const float *residual) {
  dequantizeRow<Scale, Bias, Residual>(y, columns, 1, rowScale, channelScales, bias, 1, residual,
                                       1);
}

template <bool Scale, bool Bias, bool Residual>
__attribute__((target("avx2"))) void
dequantizeRowAvx2(float *y, int64_t columns, float rowScale, const float *channelScales,
                  const float *bias, const float *residual) {
  dequantizeRow<Scale, Bias, Residual>(y, columns, 1, rowScale, channelScales, bias, 1, residual,
                                       1);
}

template <bool Scale, bool Bias, bool Residual>
void dequantizeRowsWith(float *y, int64_t rows, int64_t columns, int64_t rowStride,
                        int64_t columnStride, const Dequantization &steps, VectorUnit unit,
                        bool parallel, int threads) {
  const bool unitStrides = columnStride == 1 && (!Bias || steps.biasStride == 1) &&
                           (!Residual || steps.residualColumnStride == 1);
  if (!unitStrides)
    unit = VectorUnit::None;
#pragma omp parallel for num_threads(threads) if (parallel)
  for (int64_t r = 0; r < rows; ++r) {
    float *row = y + r * rowStride;
    const float rowScale = Scale ? steps.rowScales[steps.oneRowScale ? 0 : r] : 1.0f;
    const float *residual = Residual ? steps.residual + r * steps.residualRowStride : nullptr;
    if (unit == VectorUnit::Avx512)
      dequantizeRowAvx512<Scale, Bias, Residual>(row, columns, rowScale, steps.channelScales,
                                                 steps.bias, residual);
    else if (unit == VectorUnit::Avx2)
      dequantizeRowAvx2<Scale, Bias, Residual>(row, columns, rowScale, steps.channelScales,
                                               steps.bias, residual);
    else
      dequantizeRow<Scale, Bias, Residual>(row, columns, columnStride, rowScale,
                                           steps.channelScales, steps.bias, steps.biasStride,
                                           residual, steps.residualColumnStride);
  }
}

/// Whether rows x columns elements are worth sharing between `threads`
/// threads (a decoded token's one row is not).
bool worthSharing(int64_t rows, int64_t columns, int threads) {
  constexpr int64_t kParallelElements = int64_t(1) << 15;
  return threads > 1 && rows > 1 && rows * columns >= kParallelElements;
}

} // namespace

void dequantizeRows(float *y, int64_t rows, int64_t columns, int64_t rowStride,
                    int64_t columnStride, const Dequantization &steps, int threads,
                    VectorCode code) {
  const VectorUnit unit = vectorUnitFor(code);
  const bool parallel = worthSharing(rows, columns, threads);
  const bool scale = steps.rowScales, bias = steps.bias, residual = steps.residual;
  // The eight combinations of steps, each its own loop.
  auto run = [&](auto scaleStep, auto biasStep, auto residualStep) {
    dequantizeRowsWith<decltype(scaleStep)::value, decltype(biasStep)::value,
                       decltype(residualStep)::value>(y, rows, columns, rowStride, columnStride,
                                                      steps, unit, parallel, threads);
  };
  using Yes = std::true_type;
  using No = std::false_type;
  auto withResidual = [&](auto scaleStep, auto biasStep) {
    residual ? run(scaleStep, biasStep, Yes()) : run(scaleStep, biasStep, No());
  };
  auto withBias = [&](auto scaleStep) {
    bias ? withResidual(scaleStep, Yes()) : withResidual(scaleStep, No());
  };
  scale ? withBias(Yes()) : withBias(No());
}

void quantizeRows(const float *x, int64_t rows, int64_t columns, int64_t rowStride,
                  int64_t columnStride, bool perTensor, bool offset, uint8_t *quantized,
                  float *scales, int threads, VectorCode code) {
  const VectorUnit unit = vectorUnitFor(code);
  const uint8_t flip = offset ? 0x80 : 0;
  // Rows are independent: shared by `threads` threads once there are enough.
  const bool parallel = worthSharing(rows, columns, threads);
  float tensorMax = 0;
  if (perTensor) {
#pragma omp parallel for num_threads(threads) if (parallel) reduction(max : tensorMax)
    for (int64_t r = 0; r < rows; ++r)
      tensorMax = std::max(tensorMax, maxAbs(x + r * rowStride, columns, columnStride, unit));
  }
#pragma omp parallel for num_threads(threads) if (parallel)
  for (int64_t r = 0; r < rows; ++r) {
    const float *row = x + r * rowStride;
    float largest = perTensor ? tensorMax : maxAbs(row, columns, columnStride, unit);
    if (!perTensor)
      scales[r] = quantizationScale(largest);
    quantize(row, columns, columnStride, quantizationMultiplier(largest), flip,
             quantized + r * columns, unit);
  }
  if (perTensor)
    scales[0] = quantizationScale(tensorMax);
}

} // namespace tfm::rt
