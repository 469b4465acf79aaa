//===- KernelTestSupport.h - kernel operands and references in tests -*- C++ -*-===//
//
// The kernels take MLIR's memref descriptors; the tests build them over
// std::vector<float> data, with any strides, fill them with seeded random
// values and compute the linear's activation in double for references.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_TEST_RUNTIME_KERNELTESTSUPPORT_H
#define TFM_TEST_RUNTIME_KERNELTESTSUPPORT_H

#include "tfm/Runtime/Kernels.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

/// A strided view of `data` as MLIR's memref descriptor of rank `Rank`.
template <int Rank> struct Descriptor {
  float *allocated, *aligned;
  int64_t offset, sizes[Rank], strides[Rank];
};

template <int Rank>
Descriptor<Rank> describe(std::vector<float> &data, const int64_t (&sizes)[Rank],
                          const int64_t (&strides)[Rank]) {
  Descriptor<Rank> d{data.data(), data.data(), 0, {}, {}};
  for (int i = 0; i < Rank; ++i) {
    d.sizes[i] = sizes[i];
    d.strides[i] = strides[i];
  }
  return d;
}

template <int Rank> tfmrt_unranked_memref unranked(Descriptor<Rank> &d) { return {Rank, &d}; }

/// `count` normally distributed values of standard deviation `scale`, two
/// at a time by the Box-Muller transform in float: libstdc++'s
/// std::normal_distribution takes logarithms in long double, which made
/// drawing real-width weights most of the kernel tests' time.
inline std::vector<float> randomValues(size_t count, unsigned seed, float scale = 1.0f) {
  std::mt19937 generator(seed);
  // (0, 1]: the logarithm's argument is never 0.
  auto uniform = [&] { return (static_cast<float>(generator() >> 8) + 1.0f) * 0x1p-24f; };
  std::vector<float> values(count);
  for (size_t i = 0; i < count; i += 2) {
    const float radius = scale * std::sqrt(-2.0f * std::log(uniform()));
    const float angle = 6.2831853f * uniform();
    values[i] = radius * std::cos(angle);
    if (i + 1 < count)
      values[i + 1] = radius * std::sin(angle);
  }
  return values;
}

/// `value` rounded to the nearest bf16 (ties to even), as oneDNN and the
/// AMX kernels convert, as a float.
inline float roundToBf16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  bits = (bits + 0x7fffu + ((bits >> 16) & 1)) & 0xffff0000u;
  std::memcpy(&value, &bits, sizeof(bits));
  return value;
}

/// tfmrt_linear's activation `activation` (TFMRT_ACTIVATION_*) of `x`.
inline double activate(double x, int64_t activation) {
  switch (activation) {
  case TFMRT_ACTIVATION_GELU_TANH:
    return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
  case TFMRT_ACTIVATION_GELU_ERF:
    return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
  case TFMRT_ACTIVATION_TANH:
    return std::tanh(x);
  case TFMRT_ACTIVATION_RELU:
    return x > 0 ? x : 0.0;
  case TFMRT_ACTIVATION_SILU:
    return x / (1 + std::exp(-x));
  case TFMRT_ACTIVATION_GELU_SIGMOID:
    return x / (1 + std::exp(-1.702 * x));
  default:
    return x;
  }
}

#endif // TFM_TEST_RUNTIME_KERNELTESTSUPPORT_H
