//===- FuzzSupport.h - what the fuzz targets share --------------*- C++ -*-===//
//
// The readers under fuzz take file paths, so inputs go through a scratch
// file; the call-sequence target draws its choices from the input bytes.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_FUZZ_FUZZSUPPORT_H
#define TFM_FUZZ_FUZZSUPPORT_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace tfm::fuzz {

/// Writes `size` bytes to this process's scratch file for `suffix` (kept
/// between inputs, removed at exit) and returns its path.
std::string writeScratchFile(const uint8_t *data, size_t size, const char *suffix);

/// Consumes an input front to back; once it is exhausted every read returns
/// zero, so any input decodes to some call sequence.
class ByteReader {
public:
  ByteReader(const uint8_t *data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return size_ == 0; }
  size_t remaining() const { return size_; }

  template <typename T> T read() {
    T value{};
    size_t n = size_ < sizeof(T) ? size_ : sizeof(T);
    if (n)
      std::memcpy(&value, data_, n);
    data_ += n;
    size_ -= n;
    return value;
  }

  /// An integer in [low, high].
  int64_t readInRange(int64_t low, int64_t high) {
    uint64_t span = static_cast<uint64_t>(high - low) + 1;
    uint64_t raw = span <= 0x100 ? read<uint8_t>() : read<uint32_t>();
    return low + static_cast<int64_t>(raw % span);
  }

  /// Up to `maxLength` bytes, as a string (NUL bytes included).
  std::string readString(size_t maxLength) {
    size_t length = static_cast<size_t>(readInRange(0, static_cast<int64_t>(maxLength)));
    if (length > size_)
      length = size_;
    std::string text(reinterpret_cast<const char *>(data_), length);
    data_ += length;
    size_ -= length;
    return text;
  }

  /// Copies up to `size` bytes into `out`, zero-filling the rest.
  void readBytes(void *out, size_t size) {
    if (size == 0)
      return; // `out` may be null.
    size_t n = size_ < size ? size_ : size;
    if (n)
      std::memcpy(out, data_, n);
    std::memset(static_cast<uint8_t *>(out) + n, 0, size - n);
    data_ += n;
    size_ -= n;
  }

private:
  const uint8_t *data_;
  size_t size_;
};

} // namespace tfm::fuzz

#endif // TFM_FUZZ_FUZZSUPPORT_H
