//===- Support.h - helpers shared by the runtime's readers -----*- C++ -*-===//

#ifndef TFM_LIB_RUNTIME_SUPPORT_H
#define TFM_LIB_RUNTIME_SUPPORT_H

#include "tfm/Runtime/Status.h"

#include <cstdint>
#include <exception>
#include <limits>
#include <new>
#include <string>
#include <vector>

namespace tfm::rt {

/// Runs `body`, turning exceptions (in practice std::bad_alloc) into a Status
/// naming `path`, so the public API never throws.
template <typename Body>
Status guarded(const std::string &path, Body &&body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return Status::error(path + ": out of memory");
  } catch (const std::exception &e) {
    return Status::error(path + ": " + e.what());
  } catch (...) {
    return Status::error(path + ": unknown error");
  }
}

/// product(shape) * elementSize in `bytes`, or false on a negative
/// dimension or overflow.
inline bool checkedByteSize(const std::vector<int64_t> &shape, uint64_t elementSize,
                            uint64_t &bytes) {
  uint64_t total = elementSize;
  for (int64_t dim : shape) {
    if (dim < 0)
      return false;
    uint64_t udim = static_cast<uint64_t>(dim);
    if (udim != 0 && total > std::numeric_limits<uint64_t>::max() / udim)
      return false;
    total *= udim;
  }
  bytes = total;
  return true;
}

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_SUPPORT_H
