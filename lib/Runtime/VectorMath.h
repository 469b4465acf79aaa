//===- VectorMath.h - elementary functions loops can vectorise -*- C++ -*-===//
//
// Internal to libtfmrt. Scalar functions, always inlined, written so that
// the compiler vectorises the loops that call them (no calls into libm, no
// branches it cannot turn into selects): the softmax's exponential
// (FlashAttention.cpp) and the activations the AMX linear applies as it
// stores its result (AmxLinear.cpp). Each is accurate to about 1e-7 of its
// result's magnitude, erf to 1.5e-6.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_VECTORMATH_H
#define TFM_LIB_RUNTIME_VECTORMATH_H

#include "tfm/Runtime/Kernels.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace tfm::rt {

/// exp(x), vectorisable: x = n ln2 + r with |r| <= ln2/2,
/// exp(r) by a degree-6 polynomial (relative error ~1e-7), 2^n by exponent
/// bits. Returns 0 below the smallest normal result, including for -inf, and
/// NaN for NaN (which a NaN or infinite input to attention produces).
inline __attribute__((always_inline)) float vectorizableExp(float x) {
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

/// 1 / (1 + exp(-x)).
inline __attribute__((always_inline)) float vectorizableSigmoid(float x) {
  return 1.0f / (1.0f + vectorizableExp(-x));
}

/// 1 / d for d in [1, 2^120], without a division (which would dominate
/// erf's cost): an estimate from the bits (relative error <= 5.1%), then
/// three Newton steps (<= 1.2e-7).
inline __attribute__((always_inline)) float vectorizableReciprocal(float d) {
  int32_t bits;
  std::memcpy(&bits, &d, sizeof(bits));
  bits = 0x7EF311C3 - bits;
  float r;
  std::memcpy(&r, &bits, sizeof(r));
  r = r * (2.0f - d * r);
  r = r * (2.0f - d * r);
  return r * (2.0f - d * r);
}

/// erf(x) by Abramowitz and Stegun's 7.1.28, 1 - 1 / p(|x|)^16 with p of
/// degree 6 (absolute error <= 3e-7; 1.5e-6 in f32, from rounding p). No
/// exponential, no division: about half the operations of 7.1.26.
inline __attribute__((always_inline)) float vectorizableErf(float x) {
  // erf is 1 in f32 from 3.9 on; the bound keeps p^16 finite (and NaN
  // passes the comparison).
  const float z = std::fabs(x) > 4.0f ? 4.0f : std::fabs(x);
  float p = 0.0000430638f;
  p = p * z + 0.0002765672f;
  p = p * z + 0.0001520143f;
  p = p * z + 0.0092705272f;
  p = p * z + 0.0422820123f;
  p = p * z + 0.0705230784f;
  p = p * z + 1.0f;
  p = p * p;
  p = p * p;
  p = p * p;
  p = p * p;
  return std::copysign(1.0f - vectorizableReciprocal(p), x);
}

/// Applies tfmrt_linear's `activation` (TFMRT_ACTIVATION_*, not none) to
/// values[0, count). GELU's tanh form is x sigmoid(2u), the same function
/// as 0.5 x (1 + tanh(u)); tanh is 2 sigmoid(2x) - 1.
/// Always inlined, so that its loops are compiled for the caller's target.
inline __attribute__((always_inline)) void applyActivation(float *values, int64_t count,
                                                           int64_t activation) {
  auto apply = [&](auto function) __attribute__((always_inline)) {
    for (int64_t i = 0; i < count; ++i)
      values[i] = function(values[i]);
  };
  switch (activation) {
  case TFMRT_ACTIVATION_GELU_TANH:
    return apply([](float x) __attribute__((always_inline)) {
      const float u = 0.7978845608f * (x + 0.044715f * x * x * x);
      return x * vectorizableSigmoid(2.0f * u);
    });
  case TFMRT_ACTIVATION_GELU_ERF:
    return apply([](float x) __attribute__((always_inline)) {
      return 0.5f * x * (1.0f + vectorizableErf(x * 0.7071067812f));
    });
  case TFMRT_ACTIVATION_TANH:
    return apply([](float x) __attribute__((always_inline)) {
      return 2.0f * vectorizableSigmoid(2.0f * x) - 1.0f;
    });
  case TFMRT_ACTIVATION_RELU:
    return apply([](float x) __attribute__((always_inline)) { return x < 0.0f ? 0.0f : x; });
  case TFMRT_ACTIVATION_SILU:
    return apply([](float x) __attribute__((always_inline)) { return x * vectorizableSigmoid(x); });
  case TFMRT_ACTIVATION_GELU_SIGMOID:
    return apply(
        [](float x) __attribute__((always_inline)) { return x * vectorizableSigmoid(1.702f * x); });
  default:
    return;
  }
}

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_VECTORMATH_H
