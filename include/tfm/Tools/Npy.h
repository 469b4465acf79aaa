//===- Npy.h - Read and write NumPy .npy files ------------------*- C++ -*-===//
//
// Supports format versions 1.0, 2.0 and 3.0, little-endian, C order, with the
// dtypes a transformer driver exchanges with Python: float32, float64, int32,
// int64 and bool. Reading does not convert: the caller sees the dtype and
// decides. Part of libtfmtools.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_TOOLS_NPY_H
#define TFM_TOOLS_NPY_H

#include "tfm/Runtime/ModelAbi.h"
#include "tfm/Runtime/Status.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tfm::tools {

enum class NpyDType { F32, F64, I32, I64, Bool };

/// Bytes per element.
size_t npyItemSize(NpyDType dtype);
/// The NumPy name: "float32", "float64", "int32", "int64" or "bool".
const char *npyDTypeName(NpyDType dtype);
/// The .npy descr: "<f4", "<f8", "<i4", "<i8" or "|b1".
const char *npyDescr(NpyDType dtype);
/// The .npy element type that holds a model tensor's `dtype`.
NpyDType npyDTypeOf(tfm_dtype dtype);

/// Maps a C++ element type to its NpyDType (float, double, int32_t, int64_t,
/// bool).
template <typename T> struct NpyDTypeOf;
template <> struct NpyDTypeOf<float> {
  static constexpr NpyDType value = NpyDType::F32;
};
template <> struct NpyDTypeOf<double> {
  static constexpr NpyDType value = NpyDType::F64;
};
template <> struct NpyDTypeOf<int32_t> {
  static constexpr NpyDType value = NpyDType::I32;
};
template <> struct NpyDTypeOf<int64_t> {
  static constexpr NpyDType value = NpyDType::I64;
};
template <> struct NpyDTypeOf<bool> {
  static constexpr NpyDType value = NpyDType::Bool;
};

/// A C-order array as stored in a .npy file.
struct NpyArray {
  NpyDType dtype = NpyDType::F32;
  std::vector<int64_t> shape;
  /// numElements() * itemSize() bytes, little-endian. Bool is 0 or 1 per byte.
  std::vector<uint8_t> data;

  /// Product of the shape (1 for a 0-d array).
  int64_t numElements() const;
  size_t itemSize() const { return npyItemSize(dtype); }
  const char *dtypeName() const { return npyDTypeName(dtype); }

  /// Typed view of the data, or nullptr if T does not match the dtype.
  template <typename T> const T *dataAs() const {
    if (NpyDTypeOf<T>::value != dtype)
      return nullptr;
    // vector storage comes from operator new, aligned for any scalar type.
    return reinterpret_cast<const T *>(data.data());
  }
};

/// Reads a .npy file. On failure `out` is unspecified and the status names
/// the file and the problem (unsupported dtype, big-endian, Fortran order,
/// corrupt header, truncated data, ...).
rt::Status readNpy(const std::string &path, NpyArray &out) noexcept;

/// Writes `product(shape)` elements of `dtype` from `data` as a version 1.0
/// .npy file (2.0 if the header would not fit), loadable by numpy.load.
rt::Status writeNpy(const std::string &path, NpyDType dtype,
                const std::vector<int64_t> &shape, const void *data) noexcept;

/// As writeNpy, into a file it creates: if anything exists at `path`, a
/// symbolic link included (which is not followed), it fails with EEXIST's
/// message and writes nothing.
rt::Status writeNpyToNewFile(const std::string &path, NpyDType dtype,
                             const std::vector<int64_t> &shape, const void *data) noexcept;

inline rt::Status writeNpyF32(const std::string &path,
                          const std::vector<int64_t> &shape,
                          const float *data) noexcept {
  return writeNpy(path, NpyDType::F32, shape, data);
}

} // namespace tfm::tools

#endif // TFM_TOOLS_NPY_H
