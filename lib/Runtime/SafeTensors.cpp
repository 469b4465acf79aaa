//===- SafeTensors.cpp - Read-only access to .safetensors files -----------===//
//
// The header is untrusted input: the JSON reader below checks bounds on every
// byte it reads, limits nesting depth, and stores only what the schema needs
// (unknown fields are validated and skipped), so garbage yields an error
// message rather than a crash, a hang or unbounded memory use.
//
//===----------------------------------------------------------------------===//

#include "Support.h"
#include "KernelSupport.h"
#include "MappedFiles.h"
#include "tfm/Runtime/SafeTensors.h"
#include "tfm/Support/Limits.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <new>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// safetensors data is little-endian and F32 tensors are used in place.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "libtfmrt assumes a little-endian host");

namespace tfm::rt {
namespace {

using limits::kMaxSafeTensorsHeaderBytes;
using limits::kMaxSafeTensorsJsonDepth;
using limits::kMaxSafeTensorsRank;
using limits::kMaxSafeTensorsTensors;

/// Quotes a tensor name for messages, escaping bytes that would garble a
/// terminal (names come from the file).
std::string quote(const std::string &name) {
  std::string text = "'";
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      text += "\\x";
      text += kHex[c >> 4];
      text += kHex[c & 0xf];
    } else {
      text += static_cast<char>(c);
    }
  }
  return text + "'";
}

/// Length of the valid UTF-8 sequence starting at `text` (non-ASCII lead
/// byte), or 0 if invalid (overlong, surrogate, > U+10FFFF or truncated).
size_t utf8SequenceLength(const unsigned char *text, size_t available) {
  unsigned char lead = text[0];
  size_t length;
  unsigned char secondMin = 0x80, secondMax = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0)
      secondMin = 0xa0; // overlong
    else if (lead == 0xed)
      secondMax = 0x9f; // UTF-16 surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0)
      secondMin = 0x90; // overlong
    else if (lead == 0xf4)
      secondMax = 0x8f; // > U+10FFFF
  } else {
    return 0;
  }
  if (available < length || text[1] < secondMin || text[1] > secondMax)
    return 0;
  for (size_t i = 2; i < length; ++i)
    if (text[i] < 0x80 || text[i] > 0xbf)
      return 0;
  return length;
}

void appendUtf8(std::string &out, uint32_t codePoint) {
  if (codePoint < 0x80) {
    out += static_cast<char>(codePoint);
  } else if (codePoint < 0x800) {
    out += static_cast<char>(0xc0 | (codePoint >> 6));
    out += static_cast<char>(0x80 | (codePoint & 0x3f));
  } else if (codePoint < 0x10000) {
    out += static_cast<char>(0xe0 | (codePoint >> 12));
    out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (codePoint & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (codePoint >> 18));
    out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (codePoint & 0x3f));
  }
}

/// A cursor over JSON text with just the operations the safetensors schema
/// needs. Every method returns false after recording the first error.
class JsonReader {
public:
  JsonReader(const char *text, size_t size) : text_(text), size_(size) {}

  const std::string &error() const { return error_; }

  /// A syntax error at the current position.
  bool fail(const std::string &what) {
    if (error_.empty()) {
      error_ =
          "corrupt header: " + what + " at header byte " + std::to_string(pos_);
      if (pos_ >= size_)
        error_ += " (end of header)";
    }
    return false;
  }

  /// Well-formed JSON that does not match the safetensors schema.
  bool failSchema(const std::string &what) {
    if (error_.empty())
      error_ = "invalid header: " + what;
    return false;
  }

  void skipWhitespace() {
    while (pos_ < size_ && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                            text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool atEnd() const { return pos_ >= size_; }

  /// The next non-whitespace character, or '\0' at the end.
  char peek() {
    skipWhitespace();
    return pos_ < size_ ? text_[pos_] : '\0';
  }

  bool consume(char expected) {
    if (peek() != expected || atEnd())
      return false;
    ++pos_;
    return true;
  }

  /// Parses `{ "key": value, ... }`, calling `onMember(key)` with the cursor
  /// on each value; `onMember` must consume the value.
  template <typename OnMember> bool parseObject(OnMember &&onMember) {
    if (!consume('{'))
      return fail("expected '{'");
    if (consume('}'))
      return true;
    for (;;) {
      std::string key;
      if (!parseString(key))
        return false;
      if (!consume(':'))
        return fail("expected ':'");
      if (!onMember(key))
        return false;
      if (consume(','))
        continue;
      if (consume('}'))
        return true;
      return fail("expected ',' or '}'");
    }
  }

  /// Parses `[ value, ... ]`, calling `onElement()` on each value.
  template <typename OnElement> bool parseArray(OnElement &&onElement) {
    if (!consume('['))
      return fail("expected '['");
    if (consume(']'))
      return true;
    for (;;) {
      if (!onElement())
        return false;
      if (consume(','))
        continue;
      if (consume(']'))
        return true;
      return fail("expected ',' or ']'");
    }
  }

  bool parseString(std::string &out) {
    if (!consume('"'))
      return fail("expected a string");
    out.clear();
    for (;;) {
      if (pos_ >= size_)
        return fail("unterminated string");
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c == '\\') {
        if (!parseEscape(out))
          return false;
        continue;
      }
      if (c < 0x20)
        return fail("control character in string");
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      size_t length = utf8SequenceLength(
          reinterpret_cast<const unsigned char *>(text_ + pos_), size_ - pos_);
      if (length == 0)
        return fail("invalid UTF-8 in string");
      out.append(text_ + pos_, length);
      pos_ += length;
    }
  }

  bool parseUnsigned(uint64_t &out) {
    if (!isDigit(peek()))
      return fail("expected a non-negative integer");
    if (text_[pos_] == '0' && pos_ + 1 < size_ && isDigit(text_[pos_ + 1]))
      return fail("leading zero in number");
    uint64_t value = 0;
    while (pos_ < size_ && isDigit(text_[pos_])) {
      unsigned digit = static_cast<unsigned>(text_[pos_] - '0');
      if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10)
        return fail("integer too large");
      value = value * 10 + digit;
      ++pos_;
    }
    if (pos_ < size_ &&
        (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E'))
      return fail("expected an integer");
    out = value;
    return true;
  }

  /// Validates and discards any JSON value, at nesting level `level` (the
  /// header object is level 1).
  bool skipValue(int level) {
    if (level > kMaxSafeTensorsJsonDepth)
      return fail("JSON nested more than " + std::to_string(kMaxSafeTensorsJsonDepth) +
                  " levels deep");
    char c = peek();
    if (c == '{')
      return parseObject(
          [&](const std::string &) { return skipValue(level + 1); });
    if (c == '[')
      return parseArray([&] { return skipValue(level + 1); });
    if (c == '"') {
      std::string ignored;
      return parseString(ignored);
    }
    if (c == '-' || isDigit(c))
      return skipNumber();
    if (c == 't')
      return skipLiteral("true");
    if (c == 'f')
      return skipLiteral("false");
    if (c == 'n')
      return skipLiteral("null");
    return fail("expected a value");
  }

private:
  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  bool hexDigitAt(size_t index, uint32_t &value) {
    if (index >= size_)
      return false;
    char c = text_[index];
    if (c >= '0' && c <= '9')
      value = static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      value = static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      value = static_cast<uint32_t>(c - 'A' + 10);
    else
      return false;
    return true;
  }

  /// Parses the 4 hex digits of a \u escape (cursor just after the 'u').
  bool parseHex4(uint32_t &out) {
    uint32_t value = 0;
    for (size_t i = 0; i < 4; ++i) {
      uint32_t digit;
      if (!hexDigitAt(pos_ + i, digit))
        return fail("invalid \\u escape");
      value = value * 16 + digit;
    }
    pos_ += 4;
    out = value;
    return true;
  }

  /// Parses one escape sequence (cursor on the backslash).
  bool parseEscape(std::string &out) {
    if (pos_ + 1 >= size_)
      return fail("unterminated string");
    char kind = text_[pos_ + 1];
    static const std::pair<char, char> kSimpleEscapes[] = {
        {'"', '"'},  {'\\', '\\'}, {'/', '/'},  {'b', '\b'},
        {'f', '\f'}, {'n', '\n'},  {'r', '\r'}, {'t', '\t'},
    };
    for (const auto &[escape, character] : kSimpleEscapes) {
      if (kind == escape) {
        out += character;
        pos_ += 2;
        return true;
      }
    }
    if (kind != 'u')
      return fail("invalid escape sequence");
    pos_ += 2;
    uint32_t codePoint;
    if (!parseHex4(codePoint))
      return false;
    if (codePoint >= 0xdc00 && codePoint <= 0xdfff)
      return fail("unpaired UTF-16 surrogate in \\u escape");
    if (codePoint >= 0xd800 && codePoint <= 0xdbff) {
      if (pos_ + 1 >= size_ || text_[pos_] != '\\' || text_[pos_ + 1] != 'u')
        return fail("unpaired UTF-16 surrogate in \\u escape");
      pos_ += 2;
      uint32_t low;
      if (!parseHex4(low))
        return false;
      if (low < 0xdc00 || low > 0xdfff)
        return fail("unpaired UTF-16 surrogate in \\u escape");
      codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
    }
    appendUtf8(out, codePoint);
    return true;
  }

  bool skipDigits() {
    if (pos_ >= size_ || !isDigit(text_[pos_]))
      return fail("expected a digit");
    while (pos_ < size_ && isDigit(text_[pos_]))
      ++pos_;
    return true;
  }

  /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool skipNumber() {
    if (text_[pos_] == '-')
      ++pos_;
    if (pos_ < size_ && text_[pos_] == '0')
      ++pos_;
    else if (!skipDigits())
      return false;
    if (pos_ < size_ && text_[pos_] == '.') {
      ++pos_;
      if (!skipDigits())
        return false;
    }
    if (pos_ < size_ && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < size_ && (text_[pos_] == '+' || text_[pos_] == '-'))
        ++pos_;
      if (!skipDigits())
        return false;
    }
    return true;
  }

  bool skipLiteral(const char *literal) {
    size_t length = std::strlen(literal);
    if (size_ - pos_ < length || std::memcmp(text_ + pos_, literal, length))
      return fail("expected a value");
    pos_ += length;
    return true;
  }

  const char *text_;
  size_t size_;
  size_t pos_ = 0;
  std::string error_;
};

/// Parses one tensor entry `{"dtype": ..., "shape": [...], "data_offsets":
/// [b, e]}` into `info` (whose name is already set).
bool parseTensorEntry(JsonReader &reader, SafeTensorInfo &info) {
  const std::string tensor = "tensor " + quote(info.name);
  if (reader.peek() != '{')
    return reader.failSchema(tensor +
                             " must be an object with \"dtype\", \"shape\" and "
                             "\"data_offsets\"");
  bool haveDType = false, haveShape = false, haveOffsets = false;
  auto checkFirst = [&](bool &seen, const char *field) {
    if (seen)
      return reader.failSchema(tensor + " has two \"" + field + "\" fields");
    seen = true;
    return true;
  };
  bool parsed = reader.parseObject([&](const std::string &field) {
    if (field == "dtype") {
      if (!checkFirst(haveDType, "dtype"))
        return false;
      if (reader.peek() != '"')
        return reader.failSchema(tensor + ": \"dtype\" must be a string");
      return reader.parseString(info.dtype);
    }
    if (field == "shape") {
      if (!checkFirst(haveShape, "shape"))
        return false;
      if (reader.peek() != '[')
        return reader.failSchema(tensor + ": \"shape\" must be an array");
      return reader.parseArray([&] {
        if (info.shape.size() == kMaxSafeTensorsRank)
          return reader.failSchema(tensor + " has more than " +
                                   std::to_string(kMaxSafeTensorsRank) + " dimensions");
        uint64_t dim;
        if (!reader.parseUnsigned(dim))
          return false;
        if (dim > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
          return reader.failSchema(tensor + " has a dimension of " +
                                   std::to_string(dim));
        info.shape.push_back(static_cast<int64_t>(dim));
        return true;
      });
    }
    if (field == "data_offsets") {
      if (!checkFirst(haveOffsets, "data_offsets"))
        return false;
      if (reader.peek() != '[')
        return reader.failSchema(tensor +
                                 ": \"data_offsets\" must be an array");
      uint64_t offsets[2];
      size_t count = 0;
      bool ok = reader.parseArray([&] {
        if (count == 2)
          return reader.failSchema(
              tensor + ": \"data_offsets\" must have exactly 2 elements");
        return reader.parseUnsigned(offsets[count++]);
      });
      if (!ok)
        return false;
      if (count != 2)
        return reader.failSchema(
            tensor + ": \"data_offsets\" must have exactly 2 elements");
      info.dataBegin = offsets[0];
      info.dataEnd = offsets[1];
      return true;
    }
    // Unknown fields are validated and ignored, for forward compatibility.
    // The header is level 1, the tensor's object level 2.
    return reader.skipValue(/*level=*/3);
  });
  if (!parsed)
    return false;
  const char *missing = !haveDType     ? "dtype"
                        : !haveShape   ? "shape"
                        : !haveOffsets ? "data_offsets"
                                       : nullptr;
  if (missing)
    return reader.failSchema(tensor + " has no \"" + missing + "\"");
  return true;
}

bool parseMetadata(JsonReader &reader,
                   std::map<std::string, std::string> &metadata) {
  if (reader.peek() != '{')
    return reader.failSchema("\"__metadata__\" must be an object of strings");
  return reader.parseObject([&](const std::string &key) {
    if (reader.peek() != '"')
      return reader.failSchema("\"__metadata__\" entry " + quote(key) +
                               " must be a string");
    std::string value;
    if (!reader.parseString(value))
      return false;
    if (!metadata.emplace(key, std::move(value)).second)
      return reader.failSchema("\"__metadata__\" has two entries named " +
                               quote(key));
    return true;
  });
}

/// Parses the whole header; on failure returns false with `reader.error()`.
bool parseHeader(JsonReader &reader, std::vector<SafeTensorInfo> &tensors,
                 std::map<std::string, std::string> &metadata) {
  bool sawMetadata = false;
  if (reader.peek() != '{')
    return reader.fail("the header must be a JSON object; expected '{'");
  bool parsed = reader.parseObject([&](const std::string &key) {
    if (key == "__metadata__") {
      if (sawMetadata)
        return reader.failSchema("two \"__metadata__\" entries");
      sawMetadata = true;
      return parseMetadata(reader, metadata);
    }
    if (tensors.size() == kMaxSafeTensorsTensors)
      return reader.failSchema("more than " + std::to_string(kMaxSafeTensorsTensors) +
                               " tensors");
    SafeTensorInfo info;
    info.name = key;
    if (!parseTensorEntry(reader, info))
      return false;
    tensors.push_back(std::move(info));
    return true;
  });
  if (!parsed)
    return false;
  // Writers pad the header with spaces; anything else is garbage.
  reader.skipWhitespace();
  if (!reader.atEnd())
    return reader.fail("unexpected data after the JSON object");
  return true;
}

std::string formatRange(const SafeTensorInfo &info) {
  return "[" + std::to_string(info.dataBegin) + ", " +
         std::to_string(info.dataEnd) + ")";
}

/// Checks offsets, sizes and overlap; returns an empty string if valid.
std::string validateTensors(std::vector<SafeTensorInfo> &tensors,
                            uint64_t dataSize) {
  for (const SafeTensorInfo &info : tensors) {
    const std::string tensor = "tensor " + quote(info.name);
    if (info.dataBegin > info.dataEnd)
      return tensor + " has data_offsets " + formatRange(info) +
             " with begin > end";
    if (info.dataEnd > dataSize)
      return tensor + " has data_offsets " + formatRange(info) +
             " beyond the end of the data section (" +
             std::to_string(dataSize) + " bytes)";
    size_t elementSize = safeTensorsDTypeSize(info.dtype);
    if (elementSize == 0)
      continue; // Unknown dtype: checked when requested.
    uint64_t expectedBytes;
    if (!checkedByteSize(info.shape, elementSize, expectedBytes))
      return tensor + " of shape " +
             formatShape(info.shape, ShapeNotation::SafeTensors) +
             " is too large";
    uint64_t actualBytes = info.dataEnd - info.dataBegin;
    if (expectedBytes != actualBytes)
      return tensor + " of dtype " + info.dtype + " and shape " +
             formatShape(info.shape, ShapeNotation::SafeTensors) + " needs " +
             std::to_string(expectedBytes) + " bytes but data_offsets " +
             formatRange(info) + " span " + std::to_string(actualBytes);
  }

  std::sort(tensors.begin(), tensors.end(),
            [](const SafeTensorInfo &a, const SafeTensorInfo &b) {
              return a.name < b.name;
            });
  for (size_t i = 1; i < tensors.size(); ++i)
    if (tensors[i].name == tensors[i - 1].name)
      return "duplicate tensor name " + quote(tensors[i].name);

  // Overlapping tensors would alias each other's storage.
  std::vector<const SafeTensorInfo *> byOffset;
  for (const SafeTensorInfo &info : tensors)
    if (info.dataBegin != info.dataEnd)
      byOffset.push_back(&info);
  std::sort(byOffset.begin(), byOffset.end(),
            [](const SafeTensorInfo *a, const SafeTensorInfo *b) {
              return a->dataBegin < b->dataBegin;
            });
  const SafeTensorInfo *furthest = nullptr; // largest dataEnd so far
  for (const SafeTensorInfo *info : byOffset) {
    if (furthest && info->dataBegin < furthest->dataEnd)
      return "tensors " + quote(furthest->name) + " (bytes " +
             formatRange(*furthest) + ") and " + quote(info->name) +
             " (bytes " + formatRange(*info) + ") overlap";
    if (!furthest || info->dataEnd > furthest->dataEnd)
      furthest = info;
  }
  return "";
}

/// Levenshtein distance, to suggest the closest names in error messages.
/// Only the first 256 bytes count, so hostile names cannot make it slow.
size_t editDistance(const std::string &fullA, const std::string &fullB) {
  constexpr size_t kMaxCompared = 256;
  const std::string a = fullA.substr(0, kMaxCompared);
  const std::string b = fullB.substr(0, kMaxCompared);
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitution = diagonal + (a[i - 1] != b[j - 1]);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

} // namespace

size_t safeTensorsDTypeSize(const std::string &dtype) {
  static const std::pair<const char *, size_t> kSizes[] = {
      {"BOOL", 1},    {"U8", 1},   {"I8", 1},  {"F8_E5M2", 1},
      {"F8_E4M3", 1}, {"E8M0", 1}, {"I16", 2}, {"U16", 2},
      {"F16", 2},     {"BF16", 2}, {"I32", 4}, {"U32", 4},
      {"F32", 4},     {"F64", 8},  {"I64", 8}, {"U64", 8},
  };
  for (const auto &[name, size] : kSizes)
    if (dtype == name)
      return size;
  return 0;
}

float f16BitsToF32(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000) << 16;
  uint32_t exponent = (bits >> 10) & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  uint32_t result;
  if (exponent == 0x1f) {
    // Inf or NaN; the NaN payload (including the quiet bit) is kept.
    result = sign | 0x7f800000 | (mantissa << 13);
  } else if (exponent != 0) {
    // Normal: rebias the exponent from 15 to 127.
    result = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    result = sign; // +-0
  } else {
    // Subnormal half (mantissa * 2^-24) is a normal float: normalize it.
    uint32_t shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    result = sign | ((113 - shift) << 23) | ((mantissa & 0x3ff) << 13);
  }
  float value;
  std::memcpy(&value, &result, sizeof(value));
  return value;
}

float bf16BitsToF32(uint16_t bits) {
  // bfloat16 is the top half of a float32.
  uint32_t result = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &result, sizeof(value));
  return value;
}

SafeTensorsFile::SafeTensorsFile(std::string path) : path_(std::move(path)) {}

SafeTensorsFile::~SafeTensorsFile() {
  if (mapping_) {
    unregisterReadOnlyMapping(mapping_);
    ::munmap(mapping_, mappingSize_);
  }
  if (fd_ >= 0)
    ::close(fd_);
}

Status SafeTensorsFile::checkUnchanged() const noexcept {
  struct stat now;
  if (::fstat(fd_, &now) != 0)
    return Status::error(path_ + ": cannot check whether the weights file changed: " +
                         std::strerror(errno));
  const std::string rebind = "; bind it again to use its new contents";
  if (static_cast<uint64_t>(now.st_size) < openedSize_)
    return Status::error(path_ + ": the weights file was truncated from " +
                         std::to_string(openedSize_) + " to " + std::to_string(now.st_size) +
                         " bytes since it was bound" + rebind);
  if (static_cast<uint64_t>(now.st_size) != openedSize_ ||
      now.st_mtim.tv_sec != openedModifiedSeconds_ ||
      now.st_mtim.tv_nsec != openedModifiedNanoseconds_)
    return Status::error(path_ + ": the weights file was modified since it was bound, so the " +
                         "weights in use would mix its old and new contents" + rebind);
  return Status::success();
}

Status SafeTensorsFile::open(const std::string &path,
                             std::unique_ptr<SafeTensorsFile> &out) noexcept {
  return guarded(path, [&]() -> Status {
    auto fail = [&](const std::string &message) {
      return Status::error(path + ": " + message);
    };
    int fd = -1;
    uint64_t fileSize = 0;
    std::string openError = openRegularFile(path, fd, fileSize);
    if (!openError.empty())
      return fail(openError);
    if (fileSize < 8) {
      ::close(fd);
      return fail(
          "file too small for a safetensors file: " + std::to_string(fileSize) +
          " bytes, but the header length alone takes 8");
    }
    if (fileSize > std::numeric_limits<size_t>::max()) {
      ::close(fd);
      return fail("file too large to map");
    }

    // The object owns the file and its mapping from here on, so early
    // returns close and unmap them.
    std::unique_ptr<SafeTensorsFile> file(new SafeTensorsFile(path));
    file->fd_ = fd;
    struct stat opened;
    if (::fstat(fd, &opened) != 0)
      return fail(std::string("cannot stat: ") + std::strerror(errno));
    file->openedSize_ = static_cast<uint64_t>(opened.st_size);
    file->openedModifiedSeconds_ = opened.st_mtim.tv_sec;
    file->openedModifiedNanoseconds_ = opened.st_mtim.tv_nsec;
    if (file->openedSize_ != fileSize)
      return fail("the file changed while it was being opened");
    void *mapping = ::mmap(nullptr, static_cast<size_t>(fileSize), PROT_READ,
                           MAP_PRIVATE, fd, 0);
    int mmapErrno = errno;
    if (mapping == MAP_FAILED)
      return fail(std::string("cannot mmap: ") + std::strerror(mmapErrno));
    file->mapping_ = mapping;
    file->mappingSize_ = static_cast<size_t>(fileSize);
    registerReadOnlyMapping(mapping, file->mappingSize_);
    const uint8_t *bytes = static_cast<const uint8_t *>(mapping);

    uint64_t headerSize;
    std::memcpy(&headerSize, bytes, sizeof(headerSize)); // little-endian host
    uint64_t remaining = fileSize - 8;
    std::string invalidSize =
        checkHeaderSize(headerSize, remaining, kMaxSafeTensorsHeaderBytes);
    if (!invalidSize.empty())
      return fail(invalidSize);

    JsonReader reader(reinterpret_cast<const char *>(bytes + 8),
                      static_cast<size_t>(headerSize));
    if (!parseHeader(reader, file->tensors_, file->metadata_))
      return fail(reader.error());

    file->dataSection_ = bytes + 8 + headerSize;
    file->dataSize_ = remaining - headerSize;
    std::string invalid = validateTensors(file->tensors_, file->dataSize_);
    if (!invalid.empty())
      return fail("invalid header: " + invalid);
    for (size_t i = 0; i < file->tensors_.size(); ++i)
      file->indexByName_.emplace(file->tensors_[i].name, i);

    out = std::move(file);
    return Status::success();
  });
}

std::string SafeTensorsFile::missingTensorMessage(
    const std::vector<std::string> &names) const {
  const std::string &name = names.front();
  std::string message = path_ + ": no tensor named " + quote(name);
  if (names.size() > 1) {
    message += " (also tried ";
    for (size_t i = 1; i < names.size(); ++i)
      message += (i > 1 ? ", " : "") + quote(names[i]);
    message += ")";
  }
  if (tensors_.empty())
    return message + "; the file has no tensors";

  // Suggest the names closest to the request.
  constexpr size_t kSuggestions = 3;
  std::vector<std::pair<size_t, const std::string *>> ranked;
  for (const SafeTensorInfo &info : tensors_)
    ranked.emplace_back(editDistance(name, info.name), &info.name);
  size_t shown = std::min(kSuggestions, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + shown, ranked.end());
  message += "; the file has " + std::to_string(tensors_.size()) +
             (tensors_.size() == 1 ? " tensor" : " tensors");
  message += tensors_.size() <= kSuggestions ? ": " : ", e.g. ";
  for (size_t i = 0; i < shown; ++i)
    message += (i ? ", " : "") + quote(*ranked[i].second);
  return message;
}

Status SafeTensorsFile::lookup(const std::string &name,
                               const SafeTensorInfo *&out) const noexcept {
  return lookupOneOf({name}, out);
}

Status SafeTensorsFile::lookupOneOf(const std::vector<std::string> &names,
                                      const SafeTensorInfo *&out) const noexcept {
  return guarded(path_, [&]() -> Status {
    if (names.empty())
      return Status::error(path_ + ": no tensor name given");
    std::vector<const SafeTensorInfo *> present;
    for (const std::string &name : names) {
      auto found = indexByName_.find(name);
      if (found != indexByName_.end() &&
          std::find(present.begin(), present.end(), &tensors_[found->second]) == present.end())
        present.push_back(&tensors_[found->second]);
    }
    if (present.empty())
      return Status::error(missingTensorMessage(names));
    if (present.size() > 1) {
      // Silently preferring one could run the model with the wrong tensor.
      std::string listed;
      for (size_t i = 0; i < present.size(); ++i)
        listed += (i == 0 ? "" : i + 1 == present.size() ? " and " : ", ") +
                  quote(present[i]->name);
      return Status::error(path_ + ": ambiguous checkpoint: tensors " + listed +
                           (present.size() == 2 ? " are both" : " are all") +
                           " names of weight " + quote(names.front()) +
                           "; the file must hold only one of them");
    }
    out = present.front();
    return Status::success();
  });
}

Status SafeTensorsFile::getF32(const std::string &name,
                               const std::vector<int64_t> &expectedShape,
                               const float *&out) noexcept {
  return getF32OneOf({name}, expectedShape, out);
}

Status SafeTensorsFile::getF32OneOf(const std::vector<std::string> &names,
                                      const std::vector<int64_t> &expectedShape,
                                      const float *&out) noexcept {
  return guarded(path_, [&]() -> Status {
    const SafeTensorInfo *info = nullptr;
    TFM_RT_RETURN_IF_ERROR(lookupOneOf(names, info));
    const std::string &name = names.front();
    std::string tensor = "tensor " + quote(info->name);
    if (info->name != name)
      tensor += " (requested as " + quote(name) + ")";
    if (info->shape != expectedShape)
      return Status::error(
          path_ + ": " + tensor + " has shape " +
          formatShape(info->shape, ShapeNotation::SafeTensors) + ", expected " +
          formatShape(expectedShape, ShapeNotation::SafeTensors));

    const uint8_t *raw = rawData(*info);
    size_t byteSize = static_cast<size_t>(info->dataEnd - info->dataBegin);
    bool isF32 = info->dtype == "F32";
    if (isF32 && reinterpret_cast<uintptr_t>(raw) % alignof(float) == 0) {
      out = reinterpret_cast<const float *>(raw);
      return Status::success();
    }
    bool isF16 = info->dtype == "F16", isBF16 = info->dtype == "BF16";
    if (!isF32 && !isF16 && !isBF16)
      return Status::error(path_ + ": " + tensor + " has dtype " + info->dtype +
                           ", expected F32, F16 or BF16");

    std::lock_guard<std::mutex> lock(cacheMutex_);
    auto cached = f32Cache_.find(info->name);
    if (cached == f32Cache_.end()) {
      size_t elementSize = isF32 ? 4 : 2;
      std::vector<float> converted(byteSize / elementSize);
      if (isF32) {
        // Misaligned in the file (odd header padding): copy.
        if (byteSize)
          std::memcpy(converted.data(), raw, byteSize);
      } else {
        float (*convert)(uint16_t) = isF16 ? f16BitsToF32 : bf16BitsToF32;
        for (size_t i = 0; i < converted.size(); ++i) {
          uint16_t bits;
          std::memcpy(&bits, raw + 2 * i, sizeof(bits));
          converted[i] = convert(bits);
        }
      }
      cached = f32Cache_.emplace(info->name, std::move(converted)).first;
    }
    out = cached->second.data();
    return Status::success();
  });
}

std::vector<std::string> SafeTensorsFile::names() const {
  std::vector<std::string> result;
  result.reserve(tensors_.size());
  for (const SafeTensorInfo &info : tensors_)
    result.push_back(info.name);
  return result;
}

} // namespace tfm::rt
