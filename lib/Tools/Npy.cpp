//===- Npy.cpp - Read and write NumPy .npy files --------------------------===//
//
// Format: "\x93NUMPY", major and minor version bytes, the header length
// (u16 LE for 1.0, u32 LE for 2.0/3.0), then a Python dict literal such as
// "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" padded with
// spaces and ended by '\n', then the raw data.
//
//===----------------------------------------------------------------------===//

#include "tfm/Tools/Npy.h"
#include "tfm/Support/Limits.h"

#include "Runtime/Support.h"

#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <new>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "libtfmtools assumes a little-endian host");

namespace tfm::tools {

using namespace tfm::rt;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
using ::tfm::limits::kMaxNpyHeaderBytes;
using ::tfm::limits::kMaxNpyRank;
/// numpy aligns the data to 64 bytes so it can be memory-mapped efficiently.
constexpr size_t kDataAlignment = 64;

/// The header as printable text for error messages (it comes from the file).
std::string printableHeader(const std::string &header) {
  constexpr size_t kMaxShown = 120;
  std::string text;
  for (size_t i = 0; i < header.size() && i < kMaxShown; ++i) {
    unsigned char c = static_cast<unsigned char>(header[i]);
    if (c == '\n')
      text += "\\n";
    else if (c < 0x20 || c >= 0x7f)
      text += '?';
    else
      text += static_cast<char>(c);
  }
  if (header.size() > kMaxShown)
    text += "...";
  return text;
}

/// Parses the subset of Python literal syntax numpy writes in headers.
class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : text_(text) {}

  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;

  /// Returns an empty string on success, else the reason.
  std::string parse() {
    if (!parseDict())
      return error_;
    const char *missing = !haveDescr          ? "descr"
                          : !haveFortranOrder ? "fortran_order"
                          : !haveShape        ? "shape"
                                              : nullptr;
    if (missing)
      return std::string("header has no '") + missing + "' key";
    return "";
  }

private:
  bool fail(const std::string &what) {
    error_ =
        "corrupt header: " + what + " at header byte " + std::to_string(pos_);
    return false;
  }

  void skipWhitespace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  char peek() {
    skipWhitespace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

  bool consume(char expected) {
    if (peek() != expected || pos_ >= text_.size())
      return false;
    ++pos_;
    return true;
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  bool parseString(std::string &out) {
    char quote = peek();
    if (quote != '\'' && quote != '"')
      return fail("expected a string");
    size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string::npos)
      return fail("unterminated string");
    out = text_.substr(pos_ + 1, end - pos_ - 1);
    if (out.find('\\') != std::string::npos)
      return fail("escape sequences are not supported");
    pos_ = end + 1;
    return true;
  }

  bool parseBool(bool &out) {
    skipWhitespace();
    for (bool value : {true, false}) {
      const char *word = value ? "True" : "False";
      size_t length = std::strlen(word);
      if (text_.compare(pos_, length, word) == 0) {
        pos_ += length;
        out = value;
        return true;
      }
    }
    return fail("expected True or False");
  }

  bool parseDim(int64_t &out) {
    if (!isDigit(peek()))
      return fail("expected a non-negative integer");
    int64_t value = 0;
    while (pos_ < text_.size() && isDigit(text_[pos_])) {
      int digit = text_[pos_] - '0';
      if (value > (std::numeric_limits<int64_t>::max() - digit) / 10)
        return fail("dimension too large");
      value = value * 10 + digit;
      ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == 'L') // Python 2 long
      ++pos_;
    out = value;
    return true;
  }

  /// "()", "(3,)", "(2, 3)"; a trailing comma is optional.
  bool parseShape() {
    if (!consume('('))
      return fail("expected '(' starting the shape tuple");
    while (!consume(')')) {
      if (shape.size() == kMaxNpyRank)
        return fail("more than " + std::to_string(kMaxNpyRank) + " dimensions");
      int64_t dim;
      if (!parseDim(dim))
        return false;
      shape.push_back(dim);
      if (!consume(',') && peek() != ')')
        return fail("expected ',' or ')' in the shape tuple");
    }
    return true;
  }

  bool parseEntry() {
    std::string key;
    if (!parseString(key))
      return false;
    if (!consume(':'))
      return fail("expected ':'");
    auto once = [&](bool &seen) {
      if (seen)
        return fail("duplicate key '" + key + "'");
      seen = true;
      return true;
    };
    if (key == "descr") {
      if (!once(haveDescr))
        return false;
      if (peek() == '[')
        return fail("structured dtypes are not supported");
      return parseString(descr);
    }
    if (key == "fortran_order")
      return once(haveFortranOrder) && parseBool(fortranOrder);
    if (key == "shape")
      return once(haveShape) && parseShape();
    return fail("unexpected key '" + printableHeader(key) + "'");
  }

  bool parseDict() {
    if (!consume('{'))
      return fail("expected '{'");
    while (!consume('}')) {
      if (!parseEntry())
        return false;
      if (!consume(',') && peek() != '}')
        return fail("expected ',' or '}'");
    }
    skipWhitespace();
    if (pos_ != text_.size())
      return fail("unexpected data after the dict");
    return true;
  }

  const std::string &text_;
  size_t pos_ = 0;
  std::string error_;
  bool haveDescr = false, haveFortranOrder = false, haveShape = false;
};

/// Maps a descr to a dtype; otherwise returns an explanation.
std::string parseDescr(const std::string &descr, NpyDType &dtype) {
  for (NpyDType candidate : {NpyDType::F32, NpyDType::F64, NpyDType::I32,
                             NpyDType::I64, NpyDType::Bool}) {
    if (descr == npyDescr(candidate)) {
      dtype = candidate;
      return "";
    }
  }
  if (!descr.empty() && descr[0] == '>')
    return "big-endian dtype '" + printableHeader(descr) +
           "' is not supported (save with arr.astype(arr.dtype.newbyteorder("
           "'<')))";
  return "unsupported dtype '" + printableHeader(descr) +
         "' (supported: <f4, <f8, <i4, <i8, |b1)";
}

/// Reads exactly `size` bytes at `offset`.
bool readExactly(int fd, uint64_t offset, void *buffer, size_t size,
                 std::string &error) {
  auto *bytes = static_cast<uint8_t *>(buffer);
  while (size > 0) {
    ssize_t count = ::pread(fd, bytes, size, static_cast<off_t>(offset));
    if (count < 0 && errno == EINTR)
      continue;
    if (count < 0) {
      error = std::string("read error: ") + std::strerror(errno);
      return false;
    }
    if (count == 0) {
      error = "unexpected end of file (was it truncated while reading?)";
      return false;
    }
    bytes += count;
    offset += static_cast<uint64_t>(count);
    size -= static_cast<size_t>(count);
  }
  return true;
}

bool writeAll(int fd, const void *buffer, size_t size) {
  auto *bytes = static_cast<const uint8_t *>(buffer);
  while (size > 0) {
    ssize_t count = ::write(fd, bytes, size);
    if (count < 0 && errno == EINTR)
      continue;
    if (count == 0)
      errno = EIO; // write() made no progress without reporting why.
    if (count <= 0)
      return false;
    bytes += count;
    size -= static_cast<size_t>(count);
  }
  return true;
}

/// Closes `fd` when the scope ends.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0)
      ::close(fd);
  }
};

} // namespace

size_t npyItemSize(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::F32:
  case NpyDType::I32:
    return 4;
  case NpyDType::F64:
  case NpyDType::I64:
    return 8;
  case NpyDType::Bool:
    return 1;
  }
  return 0;
}

const char *npyDTypeName(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::F32:
    return "float32";
  case NpyDType::F64:
    return "float64";
  case NpyDType::I32:
    return "int32";
  case NpyDType::I64:
    return "int64";
  case NpyDType::Bool:
    return "bool";
  }
  return "?";
}

NpyDType npyDTypeOf(tfm_dtype dtype) {
  switch (dtype) {
  case TFM_F32:
    return NpyDType::F32;
  case TFM_I64:
    return NpyDType::I64;
  case TFM_I32:
    return NpyDType::I32;
  case TFM_BOOL:
    return NpyDType::Bool;
  }
  return NpyDType::F32;
}

const char *npyDescr(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::F32:
    return "<f4";
  case NpyDType::F64:
    return "<f8";
  case NpyDType::I32:
    return "<i4";
  case NpyDType::I64:
    return "<i8";
  case NpyDType::Bool:
    return "|b1";
  }
  return "?";
}

int64_t NpyArray::numElements() const { return rt::numElements(shape); }

Status readNpy(const std::string &path, NpyArray &out) noexcept {
  return guarded(path, [&]() -> Status {
    auto fail = [&](const std::string &message) {
      return Status::error(path + ": " + message);
    };
    FileDescriptor file{-1};
    uint64_t fileSize = 0;
    std::string openError = openRegularFile(path, file.fd, fileSize);
    if (!openError.empty())
      return fail(openError);
    std::string readError;

    // Magic (6) + version (2) + header length (2 or 4).
    uint8_t preamble[12] = {};
    size_t preambleRead = fileSize < sizeof(preamble)
                              ? static_cast<size_t>(fileSize)
                              : sizeof(preamble);
    if (!readExactly(file.fd, 0, preamble, preambleRead, readError))
      return fail(readError);
    size_t magicRead = preambleRead < kMagicSize ? preambleRead : kMagicSize;
    if (std::memcmp(preamble, kMagic, magicRead) != 0)
      return fail("not a .npy file (it does not start with \"\\x93NUMPY\")");
    if (preambleRead < kMagicSize + 2)
      return fail("truncated file: " + std::to_string(fileSize) +
                  " bytes is too short for a .npy preamble");
    unsigned major = preamble[6], minor = preamble[7];
    size_t lengthFieldSize;
    if (major == 1)
      lengthFieldSize = 2;
    else if (major == 2 || major == 3)
      lengthFieldSize = 4;
    else
      return fail("unsupported .npy format version " + std::to_string(major) +
                  "." + std::to_string(minor));
    size_t preambleSize = kMagicSize + 2 + lengthFieldSize;
    if (fileSize < preambleSize)
      return fail("truncated file: " + std::to_string(fileSize) +
                  " bytes is too short for a version " + std::to_string(major) +
                  ".0 preamble of " + std::to_string(preambleSize) + " bytes");
    uint64_t headerSize = preamble[8] | (uint64_t(preamble[9]) << 8);
    if (lengthFieldSize == 4)
      headerSize |=
          (uint64_t(preamble[10]) << 16) | (uint64_t(preamble[11]) << 24);
    uint64_t remaining = fileSize - preambleSize;
    std::string invalidSize =
        checkHeaderSize(headerSize, remaining, kMaxNpyHeaderBytes);
    if (!invalidSize.empty())
      return fail(invalidSize);

    std::string header(static_cast<size_t>(headerSize), '\0');
    if (!readExactly(file.fd, preambleSize, &header[0], header.size(),
                     readError))
      return fail(readError);
    HeaderParser parser(header);
    std::string invalid = parser.parse();
    if (!invalid.empty())
      return fail(invalid + " in \"" + printableHeader(header) + "\"");

    NpyDType dtype;
    invalid = parseDescr(parser.descr, dtype);
    if (!invalid.empty())
      return fail(invalid);
    if (parser.fortranOrder)
      return fail("fortran_order=True arrays are not supported (save with "
                  "np.ascontiguousarray)");
    uint64_t expectedBytes;
    if (!checkedByteSize(parser.shape, npyItemSize(dtype), expectedBytes) ||
        expectedBytes > std::numeric_limits<size_t>::max())
      return fail("shape " + formatShape(parser.shape, ShapeNotation::Npy) +
                  " is too large");
    uint64_t dataBytes = remaining - headerSize;
    std::string array = std::string(npyDTypeName(dtype)) + " array of shape " +
                        formatShape(parser.shape, ShapeNotation::Npy);
    if (dataBytes < expectedBytes)
      return fail("truncated data: " + array + " needs " +
                  std::to_string(expectedBytes) + " bytes but only " +
                  std::to_string(dataBytes) + " remain");
    if (dataBytes > expectedBytes)
      return fail("unexpected trailing data: " + array + " needs " +
                  std::to_string(expectedBytes) + " bytes but " +
                  std::to_string(dataBytes) + " follow the header");

    out.dtype = dtype;
    out.shape = std::move(parser.shape);
    out.data.resize(static_cast<size_t>(expectedBytes));
    if (!readExactly(file.fd, preambleSize + headerSize, out.data.data(),
                     out.data.size(), readError))
      return fail(readError);
    return Status::success();
  });
}

namespace {

/// writeNpy, opening `path` with `openFlags` (besides O_WRONLY, O_CREAT and
/// O_CLOEXEC).
Status writeNpyWith(const std::string &path, int openFlags, NpyDType dtype,
                    const std::vector<int64_t> &shape, const void *data) noexcept {
  return guarded(path, [&]() -> Status {
    auto fail = [&](const std::string &message) {
      return Status::error(path + ": " + message);
    };
    uint64_t dataBytes;
    if (!checkedByteSize(shape, npyItemSize(dtype), dataBytes) ||
        dataBytes > std::numeric_limits<size_t>::max())
      return fail("cannot write an array of invalid shape " +
                  formatShape(shape, ShapeNotation::Npy));
    if (dataBytes > 0 && !data)
      return fail("no data given for an array of shape " +
                  formatShape(shape, ShapeNotation::Npy));

    std::string dict = std::string("{'descr': '") + npyDescr(dtype) +
                       "', 'fortran_order': False, 'shape': " +
                       formatShape(shape, ShapeNotation::Npy) + ", }";
    // Pad with spaces so the data starts 64-byte aligned; end with '\n'.
    uint8_t major = 1;
    size_t preambleSize = kMagicSize + 2 + 2;
    if (dict.size() + 1 + kDataAlignment > 0xffff) {
      major = 2; // The header length no longer fits in a u16.
      preambleSize += 2;
    }
    size_t unpadded = preambleSize + dict.size() + 1;
    size_t padding =
        (kDataAlignment - unpadded % kDataAlignment) % kDataAlignment;
    std::string header = dict + std::string(padding, ' ') + "\n";

    std::string preamble(kMagic, kMagicSize);
    preamble += static_cast<char>(major);
    preamble += '\0';
    uint64_t headerSize = header.size();
    for (size_t i = 0; i < preambleSize - kMagicSize - 2; ++i)
      preamble += static_cast<char>((headerSize >> (8 * i)) & 0xff);

    FileDescriptor file{
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | openFlags, 0666)};
    if (file.fd < 0)
      return fail(std::string("cannot open for writing: ") +
                  std::strerror(errno));
    bool written = writeAll(file.fd, preamble.data(), preamble.size()) &&
                   writeAll(file.fd, header.data(), header.size()) &&
                   writeAll(file.fd, data, static_cast<size_t>(dataBytes));
    int writeErrno = errno;
    int closeResult = ::close(file.fd);
    int closeErrno = errno;
    file.fd = -1;
    if (!written || closeResult != 0) {
      ::unlink(path.c_str()); // Do not leave a file numpy would choke on.
      return fail(std::string("write failed: ") +
                  std::strerror(!written ? writeErrno : closeErrno));
    }
    return Status::success();
  });
}

} // namespace

Status writeNpy(const std::string &path, NpyDType dtype, const std::vector<int64_t> &shape,
                const void *data) noexcept {
  return writeNpyWith(path, O_TRUNC, dtype, shape, data);
}

Status writeNpyToNewFile(const std::string &path, NpyDType dtype,
                         const std::vector<int64_t> &shape, const void *data) noexcept {
  return writeNpyWith(path, O_EXCL, dtype, shape, data);
}

} // namespace tfm::tools
