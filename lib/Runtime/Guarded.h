//===- Guarded.h - exceptions to Status at the runtime's boundary -*- C++ -*-===//

#ifndef TFM_LIB_RUNTIME_GUARDED_H
#define TFM_LIB_RUNTIME_GUARDED_H

#include "tfm/Runtime/Status.h"

#include <exception>
#include <new>
#include <string>

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

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_GUARDED_H
