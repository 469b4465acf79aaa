//===- Support.h - helpers shared by libtfmrt and libtfmtools ---*- C++ -*-===//
//
// Internal: exception guards for entry points, shape arithmetic, the
// spelling of shapes and values in messages, and what the .npy and
// safetensors readers share. Built once (TfmRuntimeSupport) and linked,
// hidden, into each of the two libraries.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_RUNTIME_SUPPORT_H
#define TFM_LIB_RUNTIME_SUPPORT_H

#include "tfm/Runtime/Status.h"
#include "tfm/Support/Limits.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <new>
#include <string>
#include <vector>

namespace tfm::rt {

/// How tfm_max_threads() is chosen (ModelRunner.cpp), for messages.
inline constexpr const char *kThreadLimitRule = "4 per online CPU, at least 64";

/// An exception that escaped the body of catchEscapes.
struct Escaped {
  /// A std::bad_alloc.
  bool outOfMemory = false;
  /// what() of any other std::exception; null for anything else.
  const char *what = nullptr;
};

/// Runs `body` and returns its result; if an exception escapes it, returns
/// `onEscape(Escaped)` instead. libtfmrt's entry points never throw: each
/// kind of entry point turns what escaped into its own kind of error.
template <typename Body, typename OnEscape>
auto catchEscapes(Body &&body, OnEscape &&onEscape) -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return onEscape(Escaped{/*outOfMemory=*/true, nullptr});
  } catch (const std::exception &e) {
    return onEscape(Escaped{/*outOfMemory=*/false, e.what()});
  } catch (...) {
    return onEscape(Escaped{});
  }
}

/// Runs `body`, turning exceptions (in practice std::bad_alloc) into a Status
/// naming `path`, so the public API never throws.
template <typename Body>
Status guarded(const std::string &path, Body &&body) noexcept {
  return catchEscapes(body, [&](const Escaped &escaped) {
    if (escaped.outOfMemory)
      return Status::error(path + ": out of memory");
    return Status::error(path + ": " +
                         (escaped.what ? escaped.what : "unknown error"));
  });
}

/// The number of elements of a tensor of shape `shape[0, rank)`: their
/// product, 1 for rank 0.
inline int64_t numElements(const int64_t *shape, size_t rank) {
  int64_t count = 1;
  for (size_t i = 0; i < rank; ++i)
    count *= shape[i];
  return count;
}

inline int64_t numElements(const std::vector<int64_t> &shape) {
  return numElements(shape.data(), shape.size());
}

/// How a message spells a shape. Each file format's messages spell shapes
/// as that format does, so a user can find them in the file.
enum class ShapeNotation {
  /// As numpy prints shapes, "(2, 3)", "(3,)" or "()", a dynamic (negative)
  /// dimension as "?": the model's inputs and outputs.
  Model,
  /// As numpy prints shapes, every dimension as its number (a negative one
  /// is invalid, and shown as given): .npy arrays.
  Npy,
  /// As a safetensors header lists shapes: "[2, 3]".
  SafeTensors,
};

std::string formatShape(const int64_t *shape, size_t rank,
                        ShapeNotation notation = ShapeNotation::Model);
std::string formatShape(const std::vector<int64_t> &shape,
                        ShapeNotation notation = ShapeNotation::Model);

/// A float value as messages show it (printf's %g).
std::string formatFloat(double value);

//===----------------------------------------------------------------------===//
// Reading files (.npy, safetensors)
//===----------------------------------------------------------------------===//

/// Refuses anything but a regular file up front, as "PATH: REASON": opening
/// a FIFO for reading blocks until a writer appears, which would hang the
/// reader.
Status checkRegularFile(const std::string &path);

/// Opens `path` for reading: `fd` and `fileSize` on success, else a message
/// (without the path) and no open descriptor. Only regular files are
/// accepted, and the open does not block, so a FIFO with no writer is
/// refused instead of hanging the reader.
std::string openRegularFile(const std::string &path, int &fd,
                            uint64_t &fileSize);

/// Reads all of the regular file `path` into `contents` (opened as
/// openRegularFile does, so a FIFO is refused rather than waited on). A file
/// over `maxBytes` is refused before anything is allocated: "file of N bytes
/// exceeds the limit of M bytes for WHAT". Returns a message without the
/// path, or empty on success.
std::string readRegularFile(const std::string &path, uint64_t maxBytes, const char *what,
                            std::string &contents);

/// Checks a header length read from a file against the `remaining` bytes
/// after it and the reader's `limit`: a message, or empty if it is fine.
std::string checkHeaderSize(uint64_t headerSize, uint64_t remaining,
                            uint64_t limit);

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

/// Whether a tensor of `shape` with elements of `elementSize` bytes is within
/// limits::kMaxInputBytes.
inline bool fitsInputLimit(const std::vector<int64_t> &shape, uint64_t elementSize) {
  uint64_t bytes;
  return checkedByteSize(shape, elementSize, bytes) && bytes <= limits::kMaxInputBytes;
}

} // namespace tfm::rt

#endif // TFM_LIB_RUNTIME_SUPPORT_H
