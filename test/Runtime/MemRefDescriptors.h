//===- MemRefDescriptors.h - kernels' operands in the unit tests -*- C++ -*-===//
//
// The kernels take MLIR's memref descriptors; the tests build them over
// std::vector<float> data, with any strides.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_TEST_RUNTIME_MEMREFDESCRIPTORS_H
#define TFM_TEST_RUNTIME_MEMREFDESCRIPTORS_H

#include <cstdint>
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

#endif // TFM_TEST_RUNTIME_MEMREFDESCRIPTORS_H
