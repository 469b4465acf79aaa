//===- NpyTest.cpp - Tests for the .npy reader and writer -----------------===//

#include "tfm/Tools/Npy.h"

#include <gtest/gtest.h>

#include "TestFiles.h"

#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace tfm::rt;
using namespace tfm::tools;

namespace {

using namespace tfm::rt::test_files;


template <typename T> std::string bytesOf(const std::vector<T> &values) {
  return std::string(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(T));
}

/// A .npy file of the given version with `dict` as header, padded like numpy
/// does (spaces, then '\n', data 64-byte aligned).
std::string buildNpy(int major, const std::string &dict,
                     const std::string &data) {
  size_t preambleSize = major == 1 ? 10 : 12;
  std::string header = dict;
  while ((preambleSize + header.size() + 1) % 64)
    header += ' ';
  header += '\n';
  std::string file = "\x93NUMPY";
  file += static_cast<char>(major);
  file += '\0';
  for (size_t i = 0; i < preambleSize - 8; ++i)
    file += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return file + header + data;
}

const std::vector<float> kSixFloats = {0.0f, 1.0f, 2.0f, 3.0f, 4.0f, 5.5f};
const char *const kF32Dict =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

class NpyTest : public ::testing::Test {
protected:
  /// Writes `bytes` to `path` and reads them back, expecting success.
  NpyArray readBytes(const std::string &bytes) {
    writeFile(path, bytes);
    NpyArray array;
    Status status = readNpy(path, array);
    EXPECT_TRUE(status.ok()) << status.message();
    return array;
  }

  /// Writes `bytes` to `path` and reads them back, expecting an error;
  /// returns it.
  std::string readError(const std::string &bytes) {
    writeFile(path, bytes);
    NpyArray array;
    Status status = readNpy(path, array);
    EXPECT_FALSE(status.ok());
    return status.message();
  }

  TempDir dir;
  /// Where the helpers write; error messages start with it.
  std::string path = dir.file("array.npy");
};

TEST_F(NpyTest, ReadsAllVersions) {
  for (int major : {1, 2, 3}) {
    NpyArray array = readBytes(buildNpy(major, kF32Dict, bytesOf(kSixFloats)));
    EXPECT_EQ(array.dtype, NpyDType::F32) << major;
    EXPECT_STREQ(array.dtypeName(), "float32");
    EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(array.numElements(), 6);
    ASSERT_NE(array.dataAs<float>(), nullptr);
    EXPECT_EQ(array.dataAs<double>(), nullptr);
    EXPECT_EQ(
        std::vector<float>(array.dataAs<float>(), array.dataAs<float>() + 6),
        kSixFloats);
  }
}

TEST_F(NpyTest, ReadsEachDType) {
  std::vector<double> f64 = {1.5, -2.25};
  std::vector<int32_t> i32 = {7, -8};
  std::vector<int64_t> i64 = {1LL << 40, -3};
  std::vector<uint8_t> b1 = {1, 0};
  struct Case {
    const char *descr;
    NpyDType dtype;
    const char *name;
    std::string data;
  } cases[] = {{"<f8", NpyDType::F64, "float64", bytesOf(f64)},
               {"<i4", NpyDType::I32, "int32", bytesOf(i32)},
               {"<i8", NpyDType::I64, "int64", bytesOf(i64)},
               {"|b1", NpyDType::Bool, "bool", bytesOf(b1)}};
  for (const Case &c : cases) {
    NpyArray array =
        readBytes(buildNpy(1,
                           std::string("{'descr': '") + c.descr +
                               "', 'fortran_order': False, 'shape': (2,), }",
                           c.data));
    EXPECT_EQ(array.dtype, c.dtype) << c.descr;
    EXPECT_STREQ(array.dtypeName(), c.name);
    EXPECT_EQ(array.shape, std::vector<int64_t>{2});
    EXPECT_EQ(std::string(array.data.begin(), array.data.end()), c.data);
  }
  NpyArray array = readBytes(
      buildNpy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
               bytesOf(i64)));
  EXPECT_EQ(array.dataAs<int64_t>()[0], 1LL << 40);
}

TEST_F(NpyTest, ReadsScalarsEmptyArraysAndHeaderVariants) {
  std::vector<float> one = {3.0f};
  NpyArray scalar = readBytes(
      buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
               bytesOf(one)));
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.numElements(), 1);
  EXPECT_EQ(scalar.dataAs<float>()[0], 3.0f);

  NpyArray empty = readBytes(buildNpy(
      1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 5), }", ""));
  EXPECT_EQ(empty.shape, (std::vector<int64_t>{0, 5}));
  EXPECT_EQ(empty.numElements(), 0);

  // Double quotes, other key order, no trailing comma, Python 2 longs, no
  // padding.
  std::string dict =
      "{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \"<f4\"}";
  std::string bytes = "\x93NUMPY\x01";
  bytes += '\0';
  bytes += static_cast<char>(dict.size());
  bytes += '\0';
  NpyArray variant = readBytes(bytes + dict + bytesOf(kSixFloats));
  EXPECT_EQ(variant.shape, (std::vector<int64_t>{2, 3}));
}

TEST_F(NpyTest, RejectsFortranOrder) {
  EXPECT_EQ(readError(buildNpy(
                1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                bytesOf(kSixFloats))),
            path + ": fortran_order=True arrays are not supported (save with "
                   "np.ascontiguousarray)");
}

TEST_F(NpyTest, RejectsBigEndian) {
  std::string message = readError(
      buildNpy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }",
               bytesOf(kSixFloats)));
  EXPECT_EQ(
      message.rfind(path + ": big-endian dtype '>f4' is not supported", 0), 0u)
      << message;
}

TEST_F(NpyTest, RejectsUnsupportedDTypes) {
  EXPECT_EQ(readError(buildNpy(
                1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }",
                std::string(16, '\0'))),
            path + ": unsupported dtype '<c8' (supported: <f4, <f8, <i4, <i8, "
                   "|b1)");
  std::string message = readError(buildNpy(
      1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }",
      std::string(8, '\0')));
  EXPECT_NE(message.find("structured dtypes are not supported"),
            std::string::npos)
      << message;
}

TEST_F(NpyTest, TruncatedDataMessage) {
  std::string bytes = buildNpy(1, kF32Dict, bytesOf(kSixFloats));
  EXPECT_EQ(readError(bytes.substr(0, bytes.size() - 4)),
            path + ": truncated data: float32 array of shape (2, 3) needs 24 "
                   "bytes but only 20 remain");
  EXPECT_EQ(readError(bytes + "xy"),
            path + ": unexpected trailing data: float32 array of shape (2, 3) "
                   "needs 24 bytes but 26 follow the header");
}

TEST_F(NpyTest, TruncatedAtEveryLengthFailsCleanly) {
  for (int major : {1, 2}) {
    std::string bytes = buildNpy(major, kF32Dict, bytesOf(kSixFloats));
    readBytes(bytes);
    for (size_t length = 0; length < bytes.size(); ++length) {
      std::string message = readError(bytes.substr(0, length));
      EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << length << ": " << message;
    }
  }
}

TEST_F(NpyTest, RejectsGarbageHeaders) {
  const std::pair<std::string, const char *> cases[] = {
      {"PK\x03\x04 not numpy", "not a .npy file"},
      {std::string("\x93NUMPY\x04\x00", 8) + "xx", "unsupported .npy format "
                                                   "version 4.0"},
      {std::string("\x93NUMPY\x01\x00\xff\x00", 10) + "{}",
       "truncated file: header says 255 bytes but only 2 remain"},
      {buildNpy(1, "{'descr': '<f4', 'shape': (2, 3), }", ""),
       "header has no 'fortran_order' key"},
      {buildNpy(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), "
                "'extra': 1}",
                ""),
       "unexpected key 'extra'"},
      {buildNpy(1,
                "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, "
                "'shape': (1,)}",
                ""),
       "duplicate key 'descr'"},
      {buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
                ""),
       "corrupt header: expected a non-negative integer at header byte 51"},
      {buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}",
                ""),
       "expected ',' or ')' in the shape tuple"},
      {buildNpy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", ""),
       "expected True or False"},
      {buildNpy(1, "{'descr': '<f4' 'fortran_order': False}", ""),
       "expected ',' or '}'"},
      {buildNpy(1, "{'descr: '<f4'}", ""), "expected ':'"},
      {buildNpy(1, "{'descr': '<f4", ""), "unterminated string"},
      {buildNpy(1, "['descr']", ""), "expected '{'"},
      {buildNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x",
                ""),
       "unexpected data after the dict"},
      {buildNpy(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': "
                "(99999999999, 99999999999, 99999999999)}",
                ""),
       "is too large"},
      {buildNpy(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': "
                "(99999999999999999999,)}",
                ""),
       "dimension too large"},
  };
  for (const auto &[bytes, expected] : cases) {
    std::string message = readError(bytes);
    EXPECT_NE(message.find(expected), std::string::npos)
        << "expected: " << expected << "\nmessage: " << message;
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
  }
}

// The limits of tfm/Support/Limits.h, each at the limit and one past it.

/// A version 2.0 file whose header is `dict` padded with spaces to exactly
/// `headerSize` bytes (numpy pads for alignment; the reader does not need it).
std::string npyWithHeaderSize(const std::string &dict, uint32_t headerSize,
                              const std::string &data) {
  std::string header = dict;
  header.resize(headerSize - 1, ' ');
  header += '\n';
  std::string file = "\x93NUMPY\x02";
  file += '\0';
  for (int i = 0; i < 4; ++i)
    file += static_cast<char>((headerSize >> (8 * i)) & 0xff);
  return file + header + data;
}

TEST_F(NpyTest, HeaderSizeLimit) {
  NpyArray array = readBytes(npyWithHeaderSize(kF32Dict, 1u << 20, bytesOf(kSixFloats)));
  EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(readError(npyWithHeaderSize(kF32Dict, (1u << 20) + 1, bytesOf(kSixFloats))),
            path + ": header of 1048577 bytes exceeds the limit of 1048576");
}

TEST_F(NpyTest, RankLimit) {
  auto dict = [](size_t rank) {
    std::string shape;
    for (size_t d = 0; d < rank; ++d)
      shape += "1, ";
    return "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
  };
  NpyArray array = readBytes(buildNpy(1, dict(64), bytesOf(std::vector<float>{7.0f})));
  EXPECT_EQ(array.shape, std::vector<int64_t>(64, 1));
  std::string message = readError(buildNpy(1, dict(65), bytesOf(std::vector<float>{7.0f})));
  EXPECT_NE(message.find("more than 64 dimensions"), std::string::npos) << message;
}

TEST_F(NpyTest, FileErrors) {
  NpyArray array;
  std::string missing = dir.file("missing.npy");
  EXPECT_EQ(readNpy(missing, array).message(),
            missing + ": cannot open: No such file or directory");
  std::string directory = dir.file("");
  EXPECT_EQ(readNpy(directory, array).message(),
            directory + ": not a regular file");
}

TEST_F(NpyTest, CorruptHeaderBytesNeverCrash) {
  std::string bytes = buildNpy(1, kF32Dict, bytesOf(kSixFloats));
  const unsigned char replacements[] = {0x00, 0x01, 0x20, 0x7f, 0x80, 0xff,
                                        '\'', '"',  '(',  ')',  '{',  '}',
                                        ',',  ':',  '0',  '9',  '-',  '\n'};
  size_t accepted = 0;
  for (size_t index = 0; index < 128; ++index) {
    for (unsigned char replacement : replacements) {
      std::string corrupt = bytes;
      corrupt[index] = static_cast<char>(replacement);
      writeFile(path, corrupt);
      NpyArray array;
      Status status = readNpy(path, array);
      if (status.ok()) {
        ++accepted;
        EXPECT_EQ(array.data.size(),
                  size_t(array.numElements()) * array.itemSize());
      } else {
        EXPECT_EQ(status.message().rfind(path + ": ", 0), 0u);
      }
    }
  }
  EXPECT_GT(accepted, 0u); // e.g. padding spaces replaced by other spaces
}

TEST_F(NpyTest, WriteReadRoundTrip) {
  ASSERT_TRUE(writeNpyF32(path, {2, 3}, kSixFloats.data()).ok());
  std::string bytes = readFile(path);
  ASSERT_GE(bytes.size(), 10u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  size_t headerSize = uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8);
  EXPECT_EQ((10 + headerSize) % 64, 0u) << "data must be 64-byte aligned";
  EXPECT_EQ(bytes[10 + headerSize - 1], '\n');
  EXPECT_EQ(bytes.substr(10, std::strlen(kF32Dict)), kF32Dict);
  EXPECT_EQ(bytes.size(), 10 + headerSize + 24);

  NpyArray array;
  ASSERT_TRUE(readNpy(path, array).ok());
  EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(
      std::vector<float>(array.dataAs<float>(), array.dataAs<float>() + 6),
      kSixFloats);

  // Other ranks and dtypes.
  const std::vector<int64_t> shapes[] = {{}, {6}, {0, 3}, {1, 2, 3}};
  for (const std::vector<int64_t> &shape : shapes) {
    ASSERT_TRUE(writeNpyF32(path, shape, kSixFloats.data()).ok());
    ASSERT_TRUE(readNpy(path, array).ok());
    EXPECT_EQ(array.shape, shape);
  }
  std::vector<int64_t> ids = {5, -6};
  ASSERT_TRUE(writeNpy(path, NpyDType::I64, {2}, ids.data()).ok());
  ASSERT_TRUE(readNpy(path, array).ok());
  EXPECT_EQ(array.dtype, NpyDType::I64);
  EXPECT_EQ(array.dataAs<int64_t>()[1], -6);
}

TEST_F(NpyTest, WriteErrors) {
  std::string target = dir.file("no/such/dir/out.npy");
  EXPECT_EQ(writeNpyF32(target, {2, 3}, kSixFloats.data()).message(),
            target + ": cannot open for writing: No such file or directory");
  EXPECT_EQ(writeNpyF32(path, {-1, 3}, kSixFloats.data()).message(),
            path + ": cannot write an array of invalid shape (-1, 3)");
  EXPECT_EQ(writeNpyF32(path, {2}, nullptr).message(),
            path + ": no data given for an array of shape (2,)");
  EXPECT_TRUE(writeNpyF32(path, {0}, nullptr).ok());
}

} // namespace

// Opening a FIFO with no writer would block forever: it is refused first.
TEST_F(NpyTest, FifoIsRejectedWithoutBlocking) {
  std::string fifo = dir.file("pipe.npy");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  NpyArray array;
  Status status = readNpy(fifo, array);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("not a regular file"), std::string::npos)
      << status.message();
}
