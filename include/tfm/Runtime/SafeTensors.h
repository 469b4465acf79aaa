//===- SafeTensors.h - Read-only access to .safetensors files ---*- C++ -*-===//
//
// Loads Hugging Face weights from a `.safetensors` file: the file is mmapped,
// its JSON header is parsed and fully validated up front, and tensors are then
// handed out as float32 by name.
//
// File layout: an 8-byte little-endian u64 N, then N bytes of UTF-8 JSON
// mapping tensor name -> {"dtype", "shape", "data_offsets": [begin, end]}
// (offsets relative to the data section, which starts at byte 8 + N), plus an
// optional "__metadata__" object of string -> string.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_RUNTIME_SAFETENSORS_H
#define TFM_RUNTIME_SAFETENSORS_H

#include "tfm/Runtime/Status.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace tfm::rt {

/// One entry of the header, as validated by SafeTensorsFile::open.
struct SafeTensorInfo {
  std::string name;
  /// The dtype string as written in the header ("F32", "BF16", "I64", ...).
  /// Unknown dtype strings are kept; only requesting such a tensor fails.
  std::string dtype;
  std::vector<int64_t> shape;
  /// Byte range [dataBegin, dataEnd) relative to the data section.
  uint64_t dataBegin = 0;
  uint64_t dataEnd = 0;
};

/// Size in bytes of one element of a safetensors dtype, or 0 if the dtype is
/// unknown (or smaller than a byte).
size_t safeTensorsDTypeSize(const std::string &dtype);

/// Exact IEEE conversions (subnormals, infinities and NaN payloads included).
float f16BitsToF32(uint16_t bits);
float bf16BitsToF32(uint16_t bits);

class SafeTensorsFile {
public:
  /// Maps and validates the file at `path`. On success `out` owns the file;
  /// on failure it is left unchanged and the status names the file and the
  /// problem. Validation covers the header length, JSON syntax, field types,
  /// duplicate names, offsets within the data section, no overlap between
  /// tensors, and byte size == product(shape) * element size.
  static Status open(const std::string &path,
                     std::unique_ptr<SafeTensorsFile> &out) noexcept;

  ~SafeTensorsFile();
  SafeTensorsFile(const SafeTensorsFile &) = delete;
  SafeTensorsFile &operator=(const SafeTensorsFile &) = delete;

  /// Finds the tensor named exactly `name`. The reader knows no naming
  /// conventions: other names of a weight are the caller's (the model's
  /// aliases), looked up with `lookupOneOf`.
  Status lookup(const std::string &name,
                const SafeTensorInfo *&out) const noexcept;

  /// Finds the one of `names` (not empty: a weight's name and its aliases)
  /// the file has, each matched exactly. If none is there, the error names
  /// `names[0]`, lists the others as tried, and suggests the file's closest
  /// names; if several are, which of them holds the weight is ambiguous, and
  /// the error names each.
  Status lookupOneOf(const std::vector<std::string> &names,
                       const SafeTensorInfo *&out) const noexcept;

  /// Finds `name` exactly and returns its data as float32 of exactly
  /// `expectedShape`. F32 data is used in place from the mapping when 4-byte
  /// aligned (else copied); F16/BF16 are converted once and cached. The
  /// pointer stays valid for the lifetime of this object. Thread-safe.
  Status getF32(const std::string &name,
                const std::vector<int64_t> &expectedShape,
                const float *&out) noexcept;

  /// As `getF32`, for the one of `names` the file has (`lookupOneOf`);
  /// messages about a tensor found under another name say which was asked
  /// for.
  Status getF32OneOf(const std::vector<std::string> &names,
                       const std::vector<int64_t> &expectedShape,
                       const float *&out) noexcept;

  /// Raw bytes of a tensor returned by `lookup` (any dtype), inside the
  /// mapping; `info.dataEnd - info.dataBegin` bytes long.
  const uint8_t *rawData(const SafeTensorInfo &info) const {
    return dataSection_ + info.dataBegin;
  }

  /// All tensor names, sorted.
  std::vector<std::string> names() const;
  size_t numTensors() const { return tensors_.size(); }
  /// The "__metadata__" object (empty if absent).
  const std::map<std::string, std::string> &metadata() const {
    return metadata_;
  }
  const std::string &path() const { return path_; }

  /// Fails, naming the file, if the file mapped has been truncated or
  /// written to since it was opened (by its size and modification time,
  /// as make judges files; the file stays open to be checked). Its mapping
  /// then no longer holds the tensors handed out: a truncated one faults
  /// (SIGBUS) where it is read past the end. A file replaced under the same
  /// name (renamed over it) is another file: the one opened is unchanged.
  Status checkUnchanged() const noexcept;

private:
  explicit SafeTensorsFile(std::string path);

  /// "no tensor named names[0] (also tried names[1], ...)" and the closest
  /// names the file has.
  std::string missingTensorMessage(const std::vector<std::string> &names) const;

  std::string path_;
  /// The file opened, and its size and modification time then.
  int fd_ = -1;
  uint64_t openedSize_ = 0;
  int64_t openedModifiedSeconds_ = 0, openedModifiedNanoseconds_ = 0;
  void *mapping_ = nullptr;
  size_t mappingSize_ = 0;
  const uint8_t *dataSection_ = nullptr;
  uint64_t dataSize_ = 0;

  std::vector<SafeTensorInfo> tensors_; // sorted by name
  std::unordered_map<std::string, size_t> indexByName_;
  std::map<std::string, std::string> metadata_;

  // float32 copies (converted or realigned), keyed by tensor name. Values are
  // never erased, so pointers into them stay valid.
  std::mutex cacheMutex_;
  std::unordered_map<std::string, std::vector<float>> f32Cache_;
};

} // namespace tfm::rt

#endif // TFM_RUNTIME_SAFETENSORS_H
