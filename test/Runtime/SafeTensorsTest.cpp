//===- SafeTensorsTest.cpp - Tests for the safetensors reader -------------===//

#include "tfm/Runtime/SafeTensors.h"

#include <gtest/gtest.h>

#include "TestFiles.h"

#include <sys/stat.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace tfm::rt;

namespace {

using namespace tfm::rt::test_files;


uint32_t floatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  return bits;
}

class SafeTensorsTest : public ::testing::Test {
protected:
  /// Writes `bytes` to `path` and opens it, expecting success.
  std::unique_ptr<SafeTensorsFile> openBytes(const std::string &bytes) {
    writeFile(path, bytes);
    std::unique_ptr<SafeTensorsFile> file;
    Status status = SafeTensorsFile::open(path, file);
    EXPECT_TRUE(status.ok()) << status.message();
    return file;
  }

  /// Writes `bytes` to `path` and opens it, expecting an error; returns it.
  std::string openError(const std::string &bytes) {
    writeFile(path, bytes);
    std::unique_ptr<SafeTensorsFile> file;
    Status status = SafeTensorsFile::open(path, file);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(file, nullptr);
    return status.message();
  }

  TempDir dir;
  /// Where the helpers write; error messages start with it.
  std::string path = dir.file("model.safetensors");
};

std::vector<float> specialFloats() {
  return {1.0f,
          -2.5f,
          0.0f,
          -0.0f,
          3.0e38f,
          1.0e-40f, // subnormal
          std::numeric_limits<float>::infinity(),
          -std::numeric_limits<float>::infinity(),
          std::numeric_limits<float>::quiet_NaN()};
}

TEST_F(SafeTensorsTest, F32RoundTripIsInPlaceAndBitExact) {
  std::vector<float> values = specialFloats();
  auto file = openBytes(buildSafeTensors(
      {{"w", "F32", {3, 3}, bytesOf(values)}}, R"({"format":"pt"})"));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  ASSERT_TRUE(file->getF32("w", {3, 3}, data).ok());
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(floatBits(data[i]), floatBits(values[i])) << i;

  const SafeTensorInfo *info = nullptr;
  ASSERT_TRUE(file->lookup("w", info).ok());
  EXPECT_EQ(reinterpret_cast<const uint8_t *>(data), file->rawData(*info))
      << "aligned F32 data should be used in place";
  EXPECT_EQ(info->dtype, "F32");
  EXPECT_EQ(info->shape, (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(file->metadata().at("format"), "pt");
  EXPECT_EQ(file->names(), std::vector<std::string>{"w"});
}

TEST_F(SafeTensorsTest, MisalignedF32IsCopied) {
  std::vector<float> values = {1.5f, -3.25f, 7.0f};
  // A header length of 4k+1 puts the data at an odd address.
  std::string header =
      R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}})";
  while (header.size() % 4 != 1)
    header += ' ';
  auto file = openBytes(withHeader(header, bytesOf(values)));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  ASSERT_TRUE(file->getF32("w", {3}, data).ok());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(data) % alignof(float), 0u);
  EXPECT_EQ(std::vector<float>(data, data + 3), values);
}

/// Reference values of interesting half-precision bit patterns.
struct HalfCase {
  uint16_t bits;
  float value;
};

TEST_F(SafeTensorsTest, F16ConvertsExactly) {
  const float inf = std::numeric_limits<float>::infinity();
  const HalfCase cases[] = {
      {0x0000, 0.0f},
      {0x8000, -0.0f},
      {0x3c00, 1.0f},
      {0xc000, -2.0f},
      {0x3555, 0.333251953125f},
      {0x7bff, 65504.0f},                 // largest finite
      {0x0400, std::ldexp(1.0f, -14)},    // smallest normal
      {0x0001, std::ldexp(1.0f, -24)},    // smallest subnormal
      {0x03ff, std::ldexp(1023.0f, -24)}, // largest subnormal
      {0x8001, -std::ldexp(1.0f, -24)},
      {0x0200, std::ldexp(1.0f, -15)},
      {0x7c00, inf},
      {0xfc00, -inf},
  };
  std::vector<uint16_t> halfs;
  for (const HalfCase &c : cases) {
    EXPECT_EQ(floatBits(f16BitsToF32(c.bits)), floatBits(c.value))
        << std::hex << c.bits;
    halfs.push_back(c.bits);
  }

  // NaNs stay NaN with sign and payload.
  for (uint16_t nan : {0x7e00, 0xfe00, 0x7c01, 0x7fff}) {
    float value = f16BitsToF32(nan);
    EXPECT_TRUE(std::isnan(value)) << std::hex << nan;
    EXPECT_EQ(floatBits(value), (uint32_t(nan & 0x8000) << 16) | 0x7f800000 |
                                    (uint32_t(nan & 0x3ff) << 13));
    halfs.push_back(nan);
  }

  // The same through a file.
  auto file = openBytes(buildSafeTensors(
      {{"h", "F16", {int64_t(halfs.size())}, bytesOf(halfs)}}));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  ASSERT_TRUE(file->getF32("h", {int64_t(halfs.size())}, data).ok());
  for (size_t i = 0; i < halfs.size(); ++i)
    EXPECT_EQ(floatBits(data[i]), floatBits(f16BitsToF32(halfs[i])));

  // Converted once: the second request returns the cached buffer.
  const float *again = nullptr;
  ASSERT_TRUE(file->getF32("h", {int64_t(halfs.size())}, again).ok());
  EXPECT_EQ(again, data);
}

#ifdef __FLT16_MAX__
TEST(F16Conversion, MatchesCompilerForAllBitPatterns) {
  for (uint32_t bits = 0; bits <= 0xffff; ++bits) {
    uint16_t half = static_cast<uint16_t>(bits);
    _Float16 reference;
    std::memcpy(&reference, &half, 2);
    float expected = static_cast<float>(reference);
    float actual = f16BitsToF32(half);
    if (std::isnan(expected)) {
      // Hardware conversion quiets signalling NaNs; only NaN-ness and sign
      // are comparable.
      ASSERT_TRUE(std::isnan(actual)) << std::hex << bits;
      ASSERT_EQ(std::signbit(actual), std::signbit(expected));
    } else {
      ASSERT_EQ(floatBits(actual), floatBits(expected)) << std::hex << bits;
    }
  }
}
#endif

TEST_F(SafeTensorsTest, BF16ConvertsExactly) {
  std::vector<uint16_t> halfs = {0x3f80, 0xc020, 0x0000, 0x8000, 0x0001, 0x007f,
                                 0x7f7f, 0x7f80, 0xff80, 0x7fc0, 0x7f81};
  auto file = openBytes(buildSafeTensors(
      {{"b", "BF16", {int64_t(halfs.size())}, bytesOf(halfs)}}));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  ASSERT_TRUE(file->getF32("b", {int64_t(halfs.size())}, data).ok());
  for (size_t i = 0; i < halfs.size(); ++i)
    EXPECT_EQ(floatBits(data[i]), uint32_t(halfs[i]) << 16) << i;
  EXPECT_EQ(data[0], 1.0f);
  EXPECT_EQ(data[1], -2.5f);
  EXPECT_EQ(data[4], std::ldexp(1.0f, -133)); // smallest subnormal
  EXPECT_TRUE(std::isinf(data[7]));
  EXPECT_TRUE(std::isnan(data[9]));
}

TEST_F(SafeTensorsTest, LookupMatchesNamesExactly) {
  // The reader guesses no other names: prefixes and LayerNorm's legacy
  // gamma/beta are the model's aliases (the importer's naming policy).
  std::vector<float> one = {1.0f}, two = {2.0f};
  auto file = openBytes(buildSafeTensors({
      {"transformer.wte.weight", "F32", {1}, bytesOf(one)},
      {"embeddings.LayerNorm.gamma", "F32", {1}, bytesOf(two)},
  }));
  ASSERT_TRUE(file);
  const SafeTensorInfo *info = nullptr;
  ASSERT_TRUE(file->lookup("transformer.wte.weight", info).ok());
  EXPECT_EQ(info->name, "transformer.wte.weight");
  const float *data = nullptr;
  for (const char *name : {"wte.weight", "bert.transformer.wte.weight",
                           "embeddings.LayerNorm.weight", "Transformer.wte.weight",
                           "transformer.wte.weight "}) {
    Status status = file->getF32(name, {1}, data);
    ASSERT_FALSE(status.ok()) << name;
    EXPECT_EQ(status.message().find("also tried"), std::string::npos)
        << status.message();
  }
}

TEST_F(SafeTensorsTest, OneOfFindsTheNameTheFileHas) {
  std::vector<float> one = {1.0f}, three = {3.0f};
  auto file = openBytes(buildSafeTensors({
      {"h.0.attn.c_attn.weight", "F32", {1}, bytesOf(one)},
      {"bert.embeddings.LayerNorm.gamma", "F32", {1}, bytesOf(three)},
  }));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  ASSERT_TRUE(file->getF32OneOf({"h.0.attn.c_attn.weight",
                                 "transformer.h.0.attn.c_attn.weight"},
                                {1}, data)
                  .ok());
  EXPECT_EQ(*data, 1.0f);
  ASSERT_TRUE(file->getF32OneOf({"embeddings.LayerNorm.weight",
                                 "embeddings.LayerNorm.gamma",
                                 "bert.embeddings.LayerNorm.weight",
                                 "bert.embeddings.LayerNorm.gamma"},
                                {1}, data)
                  .ok());
  EXPECT_EQ(*data, 3.0f);
  const SafeTensorInfo *info = nullptr;
  ASSERT_TRUE(
      file->lookupOneOf({"missing", "h.0.attn.c_attn.weight"}, info).ok());
  EXPECT_EQ(info->name, "h.0.attn.c_attn.weight");
  EXPECT_FALSE(file->lookupOneOf({}, info).ok());
}

TEST_F(SafeTensorsTest, OneOfRefusesAFileWithSeveralOfTheNames) {
  std::vector<float> one = {1.0f}, two = {2.0f}, three = {3.0f};
  auto file = openBytes(buildSafeTensors({
      {"wte.weight", "F32", {1}, bytesOf(one)},
      {"transformer.wte.weight", "F32", {1}, bytesOf(two)},
      {"embeddings.LayerNorm.weight", "F32", {1}, bytesOf(one)},
      {"embeddings.LayerNorm.gamma", "F32", {1}, bytesOf(two)},
      {"bert.embeddings.LayerNorm.gamma", "F32", {1}, bytesOf(three)},
  }));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  // In either order of the names: neither tensor is silently preferred.
  for (std::vector<std::string> names :
       {std::vector<std::string>{"wte.weight", "transformer.wte.weight"},
        std::vector<std::string>{"wte.weight", "bert.wte.weight", "transformer.wte.weight"}}) {
    Status status = file->getF32OneOf(names, {1}, data);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.message(),
              path + ": ambiguous checkpoint: tensors 'wte.weight' and "
                     "'transformer.wte.weight' are both names of weight 'wte.weight'; the "
                     "file must hold only one of them");
  }
  Status status = file->getF32OneOf({"embeddings.LayerNorm.weight",
                                     "embeddings.LayerNorm.gamma",
                                     "bert.embeddings.LayerNorm.gamma"},
                                    {1}, data);
  EXPECT_EQ(status.message(),
            path + ": ambiguous checkpoint: tensors 'embeddings.LayerNorm.weight', "
                   "'embeddings.LayerNorm.gamma' and 'bert.embeddings.LayerNorm.gamma' are "
                   "all names of weight 'embeddings.LayerNorm.weight'; the file must hold "
                   "only one of them");
  // A name listed twice is one tensor, not an ambiguity.
  ASSERT_TRUE(file->getF32OneOf({"wte.weight", "wte.weight"}, {1}, data).ok());
}

TEST_F(SafeTensorsTest, MissingTensorMessage) {
  std::vector<float> one = {1.0f};
  auto file = openBytes(buildSafeTensors({
      {"wpe.weight", "F32", {1}, bytesOf(one)},
      {"h.0.attn.c_attn.weight", "F32", {1}, bytesOf(one)},
      {"h.0.mlp.c_fc.weight", "F32", {1}, bytesOf(one)},
      {"ln_f.weight", "F32", {1}, bytesOf(one)},
      {"lm_head.weight", "F32", {1}, bytesOf(one)},
  }));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  Status status = file->getF32OneOf(
      {"wte.weight", "transformer.wte.weight", "bert.wte.weight",
       "vit.wte.weight"},
      {1}, data);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            path + ": no tensor named 'wte.weight' (also tried "
                   "'transformer.wte.weight', 'bert.wte.weight', "
                   "'vit.wte.weight'); the file has 5 tensors, e.g. "
                   "'wpe.weight', 'ln_f.weight', 'lm_head.weight'");
}

TEST_F(SafeTensorsTest, MissingTensorInEmptyFile) {
  auto file = openBytes(withHeader("{}", ""));
  ASSERT_TRUE(file);
  EXPECT_TRUE(file->names().empty());
  const float *data = nullptr;
  Status status = file->getF32OneOf(
      {"bert.pooler.dense.weight", "pooler.dense.weight"}, {1}, data);
  EXPECT_EQ(status.message(),
            path + ": no tensor named 'bert.pooler.dense.weight' (also tried "
                   "'pooler.dense.weight'); the file has no tensors");
}

TEST_F(SafeTensorsTest, WrongShapeMessage) {
  std::vector<float> values(4 * 12, 0.5f);
  auto file = openBytes(buildSafeTensors({{"transformer.h.0.attn.c_attn.weight",
                                           "F32",
                                           {4, 12},
                                           bytesOf(values)}}));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  Status status =
      file->getF32("transformer.h.0.attn.c_attn.weight", {4, 4}, data);
  EXPECT_EQ(status.message(),
            path + ": tensor 'transformer.h.0.attn.c_attn.weight' has shape "
                   "[4, 12], expected [4, 4]");
  status = file->getF32OneOf(
      {"h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.weight"}, {48},
      data);
  EXPECT_EQ(status.message(),
            path + ": tensor 'transformer.h.0.attn.c_attn.weight' (requested "
                   "as 'h.0.attn.c_attn.weight') has shape [4, 12], expected "
                   "[48]");
}

TEST_F(SafeTensorsTest, WrongDTypeMessages) {
  std::vector<int64_t> ids = {1, 2, 3};
  auto file = openBytes(buildSafeTensors({
      {"ids", "I64", {3}, bytesOf(ids)},
      // Unknown dtypes are accepted in the header (size unchecked)...
      {"packed", "F4_E2M1", {4}, std::string(2, '\0')},
  }));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  EXPECT_EQ(file->getF32("ids", {3}, data).message(),
            path + ": tensor 'ids' has dtype I64, expected F32, F16 or BF16");
  // ...but cannot be requested as float32.
  EXPECT_EQ(file->getF32("packed", {4}, data).message(),
            path + ": tensor 'packed' has dtype F4_E2M1, expected F32, F16 or "
                   "BF16");
  const SafeTensorInfo *info = nullptr;
  ASSERT_TRUE(file->lookup("ids", info).ok());
  int64_t first;
  std::memcpy(&first, file->rawData(*info), 8);
  EXPECT_EQ(first, 1);
}

TEST_F(SafeTensorsTest, HeaderSyntaxVariants) {
  // Escapes in names, arbitrary whitespace, unknown fields, any member order.
  std::string header = "{ \"__metadata__\" : { \"k\\\"ey\" : \"v\\u00e9\" } ,\n"
                       "\t\"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\\/\\n\" : {\r\n"
                       "  \"data_offsets\" : [ 0 , 4 ] ,\n"
                       "  \"extra\" : {\"x\": [1, -2.5e+3, 0.0, true, false,"
                       " null, \"s\", [], {}]},\n"
                       "  \"shape\" : [ ] , \"dtype\" : \"F32\" } }  \n ";
  std::vector<float> value = {42.0f};
  auto file = openBytes(withHeader(header, bytesOf(value)));
  ASSERT_TRUE(file);
  const std::string name = "a\"b\\c\xc3\xa9\xf0\x9f\x98\x80/\n";
  ASSERT_EQ(file->names(), std::vector<std::string>{name});
  const float *data = nullptr;
  ASSERT_TRUE(file->getF32(name, {}, data).ok());
  EXPECT_EQ(*data, 42.0f);
  EXPECT_EQ(file->metadata().at("k\"ey"), "v\xc3\xa9");
}

TEST_F(SafeTensorsTest, EmptyTensor) {
  std::vector<float> one = {1.0f};
  auto file = openBytes(buildSafeTensors({
      {"empty", "F16", {0, 3}, ""},
      {"one", "F32", {1}, bytesOf(one)},
  }));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  EXPECT_TRUE(file->getF32("empty", {0, 3}, data).ok());
  EXPECT_TRUE(file->getF32("one", {1}, data).ok());
}

TEST_F(SafeTensorsTest, FileErrors) {
  std::unique_ptr<SafeTensorsFile> file;
  std::string missing = dir.file("missing.safetensors");
  EXPECT_EQ(SafeTensorsFile::open(missing, file).message(),
            missing + ": cannot open: No such file or directory");
  std::string directory = dir.file("");
  EXPECT_EQ(SafeTensorsFile::open(directory, file).message(),
            directory + ": not a regular file");
  EXPECT_EQ(openError("abc"),
            path + ": file too small for a safetensors file: 3 bytes, but "
                   "the header length alone takes 8");
}

TEST_F(SafeTensorsTest, HeaderLengthLargerThanFile) {
  std::string bytes = withHeader("{}", std::string(18, ' '));
  uint64_t claimed = 1234;
  std::memcpy(&bytes[0], &claimed, 8);
  EXPECT_EQ(openError(bytes),
            path + ": truncated file: header says 1234 bytes but only 20 "
                   "remain");
  claimed = std::numeric_limits<uint64_t>::max();
  std::memcpy(&bytes[0], &claimed, 8);
  EXPECT_NE(openError(bytes).find("truncated file"), std::string::npos);
}

TEST_F(SafeTensorsTest, HeaderLengthLimit) {
  // A sparse file big enough to hold a header over the 100 MB limit.
  path = dir.file("huge.safetensors");
  const uint64_t headerSize = 100'000'001;
  writeFile(path, withHeader("", ""));
  std::filesystem::resize_file(path, 8 + headerSize);
  {
    std::fstream stream(path, std::ios::binary | std::ios::in | std::ios::out);
    stream.write(reinterpret_cast<const char *>(&headerSize), 8);
  }
  std::unique_ptr<SafeTensorsFile> file;
  EXPECT_EQ(SafeTensorsFile::open(path, file).message(),
            path + ": header of 100000001 bytes exceeds the limit of "
                   "100000000");
}

/// A header, the data section size, and a fragment of the expected error.
struct BadHeaderCase {
  const char *header;
  size_t dataSize;
  const char *expectedError;
};

TEST_F(SafeTensorsTest, RejectsInvalidOffsetsAndSchema) {
  const BadHeaderCase cases[] = {
      {R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8,
       "invalid header: tensor 'a' has data_offsets [0, 16) beyond the end "
       "of the data section (8 bytes)"},
      {R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8,
       "invalid header: tensor 'a' has data_offsets [8, 0) with begin > end"},
      {R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8,
       "invalid header: tensor 'a' of dtype F32 and shape [3] needs 12 bytes "
       "but data_offsets [0, 8) span 8"},
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
       R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
       12,
       "invalid header: tensors 'a' (bytes [0, 8)) and 'b' (bytes [4, 12)) "
       "overlap"},
      {R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
       R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
       16, "overlap"},
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
       R"("a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
       16, "invalid header: duplicate tensor name 'a'"},
      {R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],)"
       R"("data_offsets":[0,8]}})",
       8,
       "invalid header: tensor 'a' of shape [4294967296, 4294967296] is "
       "too large"},
      {R"({"a":{"dtype":"F32","shape":[9223372036854775808],)"
       R"("data_offsets":[0,8]}})",
       8, "has a dimension of 9223372036854775808"},
      {R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}})", 0,
       "corrupt header: expected a non-negative integer at header byte 29"},
      {R"({"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}})", 8,
       "corrupt header: expected an integer"},
      {R"({"a":{"dtype":"F32","shape":[01],"data_offsets":[0,4]}})", 4,
       "leading zero"},
      {R"({"a":{"dtype":"F32","shape":[1],)"
       R"("data_offsets":[0,18446744073709551616]}})",
       4, "integer too large"},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", 8,
       "tensor 'a': \"data_offsets\" must have exactly 2 elements"},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4]}})", 8,
       "tensor 'a': \"data_offsets\" must have exactly 2 elements"},
      {R"({"a":{"shape":[1],"data_offsets":[0,4]}})", 4,
       "invalid header: tensor 'a' has no \"dtype\""},
      {R"({"a":{"dtype":"F32","data_offsets":[0,4]}})", 4,
       "tensor 'a' has no \"shape\""},
      {R"({"a":{"dtype":"F32","shape":[1]}})", 4,
       "tensor 'a' has no \"data_offsets\""},
      {R"({"a":{"dtype":"F32","dtype":"F32","shape":[1],)"
       R"("data_offsets":[0,4]}})",
       4, "tensor 'a' has two \"dtype\" fields"},
      {R"({"a":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", 4,
       "tensor 'a': \"dtype\" must be a string"},
      {R"({"a":{"dtype":"F32","shape":1,"data_offsets":[0,4]}})", 4,
       "tensor 'a': \"shape\" must be an array"},
      {R"({"a":[1,2]})", 0,
       "tensor 'a' must be an object with \"dtype\", \"shape\" and "
       "\"data_offsets\""},
      {R"({"__metadata__":{"n":1}})", 0,
       "\"__metadata__\" entry 'n' must be a string"},
      {R"({"__metadata__":[]})", 0,
       "\"__metadata__\" must be an object of strings"},
      {R"({"__metadata__":{},"__metadata__":{}})", 0,
       "two \"__metadata__\" entries"},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} x)", 4,
       "corrupt header: unexpected data after the JSON object at header byte "
       "55"},
      {R"({"__metadata__":{"a":"b"} "x":{}})", 0,
       "corrupt header: expected ',' or '}' at header byte 26"},
      {"", 0,
       "corrupt header: the header must be a JSON object; expected '{' at "
       "header byte 0 (end of header)"},
      {"[]", 0, "the header must be a JSON object"},
      {"not json", 0, "the header must be a JSON object"},
      {"{", 0,
       "corrupt header: expected a string at header byte 1 (end of "
       "header)"},
      {R"({"a")", 0, "expected ':'"},
      {R"({"a":)", 0, "tensor 'a' must be an object"},
      {R"({,})", 0, "expected a string at header byte 1"},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},})", 4,
       "expected a string"},
      {R"({"a\q":{}})", 0, "invalid escape sequence at header byte 3"},
      {R"({"\ud800":{}})", 0, "unpaired UTF-16 surrogate"},
      {R"({"\udc00":{}})", 0, "unpaired UTF-16 surrogate"},
      {R"({"\ud800\u0041":{}})", 0, "unpaired UTF-16 surrogate"},
      {R"({"\u12G4":{}})", 0, "invalid \\u escape"},
      {"{\"\xff\":{}}", 0, "invalid UTF-8 in string at header byte 2"},
      {"{\"\xc0\xaf\":{}}", 0, "invalid UTF-8"},     // overlong '/'
      {"{\"\xed\xa0\x80\":{}}", 0, "invalid UTF-8"}, // encoded surrogate
      {"{\"\xe2\x82\":{}}", 0, "invalid UTF-8"},     // truncated sequence
      {"{\"a\tb\":{}}", 0, "control character in string"},
      {R"({"abc)", 0, "unterminated string"},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],)"
       R"("x":[1,2,]}})",
       4, "expected a value"},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":-}})", 4,
       "expected a digit"},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":tru}})", 4,
       "expected a value"},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1.}})", 4,
       "expected a digit"},
  };
  for (const BadHeaderCase &c : cases) {
    std::string message =
        openError(withHeader(c.header, std::string(c.dataSize, '\0')));
    EXPECT_NE(message.find(c.expectedError), std::string::npos)
        << "header: " << c.header << "\nmessage: " << message;
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
  }
}

TEST_F(SafeTensorsTest, DeepNestingIsRejectedWithoutRecursingForever) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::string header =
      R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":)" + deep +
      "}}";
  EXPECT_NE(openError(withHeader(header, std::string(4, '\0')))
                .find("JSON nested more than 64 levels deep"),
            std::string::npos);
  // Moderate nesting in unknown fields is fine.
  std::string shallow = std::string(20, '[') + std::string(20, ']');
  header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":)" +
           shallow + "}}";
  EXPECT_TRUE(openBytes(withHeader(header, std::string(4, '\0'))));
}

/// One tensor "a" with an unknown field "x" holding `depth` nested arrays.
std::string headerNestingArrays(size_t depth) {
  return R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":)" +
         std::string(depth, '[') + std::string(depth, ']') + "}}";
}

// The limits of tfm/Support/Limits.h, each at the limit and one past it.

TEST_F(SafeTensorsTest, NestingLimitCountsTheHeaderAsLevelOne) {
  // The header is level 1, "a" level 2, its "x" level 3: 62 arrays reach 64.
  EXPECT_TRUE(openBytes(withHeader(headerNestingArrays(62), std::string(4, '\0'))));
  EXPECT_EQ(openError(withHeader(headerNestingArrays(63), std::string(4, '\0'))),
            path + ": corrupt header: JSON nested more than 64 levels deep at header byte 119");
}

TEST_F(SafeTensorsTest, HeaderOfExactlyTheLimitIsRead) {
  std::string header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  header.resize(100'000'000, ' '); // writers pad headers with spaces
  auto file = openBytes(withHeader(header, std::string(4, '\0')));
  ASSERT_TRUE(file);
  const float *data = nullptr;
  EXPECT_TRUE(file->getF32("a", {1}, data).ok());
  // One byte more is refused (also with a sparse file: HeaderLengthLimit).
  header += ' ';
  EXPECT_EQ(openError(withHeader(header, std::string(4, '\0'))),
            path + ": header of 100000001 bytes exceeds the limit of 100000000");
}

TEST_F(SafeTensorsTest, RankLimit) {
  auto header = [](size_t rank) {
    std::string shape;
    for (size_t d = 0; d < rank; ++d)
      shape += d ? ",1" : "1";
    return R"({"a":{"dtype":"F32","shape":[)" + shape + R"(],"data_offsets":[0,4]}})";
  };
  auto file = openBytes(withHeader(header(64), std::string(4, '\0')));
  ASSERT_TRUE(file);
  const SafeTensorInfo *info = nullptr;
  ASSERT_TRUE(file->lookup("a", info).ok());
  EXPECT_EQ(info->shape.size(), 64u);
  EXPECT_EQ(openError(withHeader(header(65), std::string(4, '\0'))),
            path + ": invalid header: tensor 'a' has more than 64 dimensions");
}

TEST_F(SafeTensorsTest, TensorCountLimit) {
  auto header = [](size_t count) {
    std::string text = "{";
    for (size_t i = 0; i < count; ++i)
      text += (i ? ",\"t" : "\"t") + std::to_string(i) +
              R"(":{"dtype":"F32","shape":[0],"data_offsets":[0,0]})";
    return text + "}";
  };
  const size_t limit = size_t(1) << 18;
  auto file = openBytes(withHeader(header(limit), ""));
  ASSERT_TRUE(file);
  const SafeTensorInfo *info = nullptr;
  EXPECT_TRUE(file->lookup("t" + std::to_string(limit - 1), info).ok());
  EXPECT_EQ(openError(withHeader(header(limit + 1), "")),
            path + ": invalid header: more than 262144 tensors");
}

/// A small valid file with two tensors and metadata.
std::string smallValidFile() {
  std::vector<float> weights = {1.0f, 2.0f, 3.0f, 4.0f};
  std::vector<uint16_t> halfs = {0x3c00, 0x0001, 0x7c00};
  return buildSafeTensors(
      {{"ln.LayerNorm.weight", "F32", {2, 2}, bytesOf(weights)},
       {"h\\0", "F16", {3}, bytesOf(halfs)}},
      R"({"format":"pt"})");
}

/// Uses every tensor of an opened file, to catch bad memory accesses.
void touchAllTensors(SafeTensorsFile &file) {
  for (const std::string &name : file.names()) {
    const SafeTensorInfo *info = nullptr;
    ASSERT_TRUE(file.lookup(name, info).ok());
    const float *data = nullptr;
    Status status = file.getF32(name, info->shape, data);
    if (!status.ok())
      continue;
    volatile float sum = 0;
    size_t count = 1;
    for (int64_t dim : info->shape)
      count *= static_cast<size_t>(dim);
    for (size_t i = 0; i < count; ++i)
      sum = sum + data[i];
  }
}

TEST_F(SafeTensorsTest, TruncatedAtEveryLengthFailsCleanly) {
  std::string bytes = smallValidFile();
  ASSERT_TRUE(openBytes(bytes));
  for (size_t length = 0; length < bytes.size(); ++length) {
    std::string message = openError(bytes.substr(0, length));
    EXPECT_FALSE(message.empty()) << length;
  }
}

TEST_F(SafeTensorsTest, CorruptHeaderBytesNeverCrash) {
  std::string bytes = smallValidFile();
  uint64_t headerSize;
  std::memcpy(&headerSize, bytes.data(), 8);
  const unsigned char replacements[] = {0x00, 0x01, 0x20, 0x7f, 0x80, 0xff,
                                        '"',  '\\', '{',  '}',  '[',  ']',
                                        ',',  ':',  '0',  '9',  '-',  'e'};
  size_t opened = 0, rejected = 0;
  for (size_t index = 0; index < 8 + headerSize; ++index) {
    for (int flip = 0; flip < 2; ++flip) {
      for (unsigned char replacement : replacements) {
        std::string corrupt = bytes;
        corrupt[index] = flip ? static_cast<char>(corrupt[index] ^ replacement)
                              : static_cast<char>(replacement);
        writeFile(path, corrupt);
        std::unique_ptr<SafeTensorsFile> file;
        Status status = SafeTensorsFile::open(path, file);
        if (status.ok()) {
          ++opened;
          touchAllTensors(*file);
        } else {
          ++rejected;
          EXPECT_EQ(status.message().rfind(path + ": ", 0), 0u);
        }
      }
    }
  }
  EXPECT_GT(opened, 0u);
  EXPECT_GT(rejected, 0u);
}

} // namespace

// Opening a FIFO with no writer would block forever: it is refused first.
TEST(SafeTensorsOpen, FifoIsRejectedWithoutBlocking) {
  TempDir dir;
  std::string fifo = dir.file("pipe.safetensors");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::unique_ptr<SafeTensorsFile> file;
  Status status = SafeTensorsFile::open(fifo, file);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("not a regular file"), std::string::npos)
      << status.message();
}
