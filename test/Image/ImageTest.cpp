//===- ImageTest.cpp - TfmImage against PIL, and its errors ---------------===//
//
// data/ is written by make_test_images.py with PIL: each decode case is an
// image file and the RGB bytes PIL decodes from it, each preprocess case an
// image, a preprocessor_config.json ("-": none) and the pixel_values
// ViTImageProcessor's steps compute from it (docs/images.md).
//
//===----------------------------------------------------------------------===//

#include "tfm/Image/Image.h"

#include "TestFiles.h"
#include "tfm/Support/Limits.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace tfm::image;
using tfm::rt::test_files::readFile;
using tfm::rt::test_files::TempDir;
using tfm::rt::test_files::writeFile;

namespace {

const std::string kData = TFM_IMAGE_TEST_DATA;

std::string dataFile(const std::string &name) { return kData + "/" + name; }

std::vector<std::vector<std::string>> casesOfKind(const std::string &kind) {
  std::ifstream stream(dataFile("cases.txt"));
  std::vector<std::vector<std::string>> cases;
  for (std::string line; std::getline(stream, line);) {
    std::istringstream words(line);
    std::vector<std::string> fields;
    for (std::string word; words >> word;)
      fields.push_back(word);
    if (!fields.empty() && fields[0] == kind)
      cases.push_back(fields);
  }
  return cases;
}

Image decodeOrFail(const std::string &path) {
  Image image;
  std::string error;
  EXPECT_TRUE(decodeFile(path, image, error)) << error;
  return image;
}

//===----------------------------------------------------------------------===//
// Decoding, against PIL
//===----------------------------------------------------------------------===//

TEST(ImageDecode, MatchesPilExactly) {
  auto cases = casesOfKind("decode");
  ASSERT_GE(cases.size(), 25u);
  for (const auto &fields : cases) {
    SCOPED_TRACE(fields[1]);
    Image image = decodeOrFail(dataFile(fields[1]));
    EXPECT_EQ(image.width, std::stoll(fields[2]));
    EXPECT_EQ(image.height, std::stoll(fields[3]));
    std::string expected = readFile(dataFile(fields[4]));
    ASSERT_EQ(image.rgb.size(), expected.size());
    size_t differing = 0;
    int largest = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
      int difference = std::abs(int(image.rgb[i]) - int(uint8_t(expected[i])));
      differing += difference != 0;
      largest = std::max(largest, difference);
    }
    // Every byte, PNG and JPEG alike: the JPEGs are decoded by the same
    // libjpeg-turbo with the same settings as PIL's.
    EXPECT_EQ(differing, 0u) << "largest difference " << largest;
  }
}

TEST(ImageDecode, MemoryAndFileAgree) {
  std::string bytes = readFile(dataFile("rgb-420-37x23.jpg"));
  Image fromMemory;
  std::string error;
  ASSERT_TRUE(decodeMemory(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(),
                           fromMemory, error))
      << error;
  Image fromFile = decodeOrFail(dataFile("rgb-420-37x23.jpg"));
  EXPECT_EQ(fromMemory.rgb, fromFile.rgb);
  EXPECT_EQ(fromMemory.width, 37);
}

//===----------------------------------------------------------------------===//
// Preprocessing, against ViTImageProcessor's steps in PIL and numpy
//===----------------------------------------------------------------------===//

std::vector<float> readFloats(const std::string &path) {
  std::string bytes = readFile(path);
  std::vector<float> values(bytes.size() / sizeof(float));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
  return values;
}

TEST(ImagePreprocess, MatchesViTImageProcessor) {
  auto cases = casesOfKind("preprocess");
  ASSERT_GE(cases.size(), 20u);
  for (const auto &fields : cases) {
    SCOPED_TRACE(fields[5]);
    Image image = decodeOrFail(dataFile(fields[1]));
    Preprocessing p;
    std::string error;
    std::string config =
        fields[2] == "-" ? dataFile("absent/preprocessor_config.json") : dataFile(fields[2]);
    ASSERT_TRUE(readPreprocessing(config, p, error)) << error;
    std::vector<float> values = preprocess(image, p);
    std::vector<float> expected = readFloats(dataFile(fields[5]));
    ASSERT_EQ(values.size(), expected.size());
    ASSERT_EQ(values.size(), 3 * std::stoull(fields[3]) * std::stoull(fields[4]));
    double largest = 0;
    size_t differing = 0;
    for (size_t i = 0; i < values.size(); ++i) {
      double difference = std::fabs(double(values[i]) - double(expected[i]));
      differing += difference != 0;
      largest = std::max(largest, difference);
    }
    // Measured: PIL's resampling arithmetic reproduced gives the same bytes,
    // and rescale and normalise are the same float operations, so the
    // values are identical (docs/images.md).
    EXPECT_EQ(differing, 0u) << "largest difference " << largest;
  }
}

TEST(ImagePreprocess, InvalidArgumentsGiveNothing) {
  Image image = decodeOrFail(dataFile("rgb8-37x23.png"));
  Preprocessing p;
  EXPECT_EQ(preprocess(image, p).size(), 3u * 224 * 224);
  for (int resample : {kNearest, kBilinear})
    for (auto [width, height] : {std::pair<int64_t, int64_t>{0, 5}, {5, -1}, {65536, 1}}) {
      p.resample = resample;
      p.width = width;
      p.height = height;
      EXPECT_TRUE(preprocess(image, p).empty());
    }
  p = Preprocessing{};
  p.resample = 6;
  EXPECT_TRUE(preprocess(image, p).empty());
  p = Preprocessing{};
  p.std[1] = 0;
  EXPECT_TRUE(preprocess(image, p).empty());
  p = Preprocessing{};
  EXPECT_TRUE(preprocess(Image{}, p).empty());
  p.doResize = false;
  EXPECT_TRUE(preprocess(Image{}, p).empty());
  Image inconsistent = image;
  inconsistent.rgb.pop_back();
  EXPECT_TRUE(preprocess(inconsistent, p).empty());
  EXPECT_EQ(resize(inconsistent, 3, 3, kNearest).width, 0);
}

TEST(ImagePreprocess, DefaultsAreViTImageProcessors) {
  Preprocessing p;
  std::string error;
  ASSERT_TRUE(readPreprocessing(dataFile("absent/preprocessor_config.json"), p, error));
  EXPECT_TRUE(p.doResize && p.doRescale && p.doNormalize);
  EXPECT_EQ(p.height, 224);
  EXPECT_EQ(p.width, 224);
  EXPECT_EQ(p.resample, kBilinear);
  EXPECT_EQ(p.rescaleFactor, 1.0 / 255);
  EXPECT_EQ(p.mean[1], 0.5);
  EXPECT_EQ(p.std[2], 0.5);
}

TEST(ImagePreprocess, ReadsEveryField) {
  Preprocessing p;
  std::string error;
  ASSERT_TRUE(parsePreprocessing(R"({"do_resize": false, "size": {"height": 7, "width": 9},
      "resample": 3, "do_rescale": false, "rescale_factor": 0.5, "do_normalize": false,
      "image_mean": [1, 2, 3], "image_std": [4, 5, 6], "do_center_crop": false,
      "unknown": {"nested": [null, "\u00e9"]}})",
                                 p, error))
      << error;
  EXPECT_FALSE(p.doResize || p.doRescale || p.doNormalize);
  EXPECT_EQ(p.height, 7);
  EXPECT_EQ(p.width, 9);
  EXPECT_EQ(p.resample, kBicubic);
  EXPECT_EQ(p.rescaleFactor, 0.5);
  EXPECT_EQ(p.mean[2], 3);
  EXPECT_EQ(p.std[0], 4);
}

TEST(ImagePreprocess, ConfigErrorsNameTheField) {
  struct Case {
    const char *json, *error;
  } cases[] = {
      {R"({"resample": 6})", "resample: unknown resampling filter 6, expected PIL's 0"},
      {R"({"resample": 2.5})", "resample: unknown resampling filter 2.5"},
      {R"({"resample": "bilinear"})", "resample: unknown resampling filter a string"},
      {R"({"do_resize": 1})", "do_resize: expected true or false, got a number"},
      {R"({"do_rescale": "yes"})", "do_rescale: expected true or false, got a string"},
      {R"({"do_normalize": null})", "do_normalize: expected true or false, got null"},
      {R"({"rescale_factor": "1/255"})", "rescale_factor: expected a number, got a string"},
      {R"({"size": "224"})", "size: expected an object {\"height\", \"width\"} or a number"},
      {R"({"size": 0})", "size: expected an integer from 1 to 65535, got 0"},
      {R"({"size": 224.5})", "size: expected an integer from 1 to 65535, got 224.5"},
      {R"({"size": {"height": 224}})", "size: missing \"width\""},
      {R"({"size": {"height": 224, "width": -1}})", "size.width: expected an integer"},
      {R"({"size": {"height": true, "width": 3}})",
       "size.height: expected a number, got a boolean"},
      {R"({"size": {"shortest_edge": 224}})", "size: resizing by \"shortest_edge\""},
      {R"({"size": {"height": 65535, "width": 65535}})",
       "size: 65535x65535 is more than the limit of 89478485 pixels"},
      {R"({"size": {"height": 9460, "width": 9460}})",
       "size: 9460x9460 is more than the limit of 89478485 pixels"},
      {R"({"size": 65536})", "size: expected an integer from 1 to 65535, got 65536"},
      {R"({"image_mean": [0.5, 0.5]})",
       "image_mean: expected an array of 3 numbers (R, G, B), got an array of 2"},
      {R"({"image_mean": {"r": 1}})",
       "image_mean: expected an array of 3 numbers (R, G, B), got an object"},
      {R"({"image_std": [0.5, "x", 0.5]})", "image_std[1]: expected a number, got a string"},
      {R"({"image_std": [0.5, 0, 0.5]})", "image_std: channel 1 is 0, expected a nonzero number"},
      {R"({"do_center_crop": true})", "do_center_crop: center cropping is not supported"},
      {R"([1, 2])", "expected a JSON object, got an array"},
      {"{\"size\": 224,\n \"resample\": }", "line 2, column 14: unexpected character '}'"},
      {"{\"a\": 1e999}", "line 1, column 7: number out of range"},
      {"{\"a\": 1} x", "line 1, column 10: unexpected data after the JSON value"},
      {"{\"a\": \"\\ud800\"}", "line 1, column 8: unpaired UTF-16 high surrogate"},
      {"", "line 1, column 1: unexpected end of input (expected a value)"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.json);
    Preprocessing p;
    p.height = 99;
    std::string error;
    EXPECT_FALSE(parsePreprocessing(c.json, p, error));
    EXPECT_NE(error.find(c.error), std::string::npos) << error;
    EXPECT_EQ(p.height, 99); // untouched on error
  }
}

TEST(ImagePreprocess, SizeLimits) {
  Preprocessing p;
  std::string error;
  EXPECT_TRUE(parsePreprocessing(R"({"size": {"height": 9459, "width": 9459}})", p, error))
      << error; // 89,472,681 pixels
  EXPECT_TRUE(parsePreprocessing(R"({"size": {"height": 1, "width": 65535}})", p, error)) << error;
  EXPECT_EQ(p.width, 65535);
}

TEST(ImagePreprocess, JsonNestingIsLimited) {
  // The config object is level 1: 63 arrays inside it reach level 64.
  auto nested = [](int arrays) {
    return "{\"a\": " + std::string(arrays, '[') + std::string(arrays, ']') + "}";
  };
  Preprocessing p;
  std::string error;
  EXPECT_TRUE(parsePreprocessing(nested(63), p, error)) << error;
  EXPECT_FALSE(parsePreprocessing(nested(64), p, error));
  EXPECT_NE(error.find("line 1, column 70: nesting deeper than 64 levels"), std::string::npos) << error;
}

TEST(ImagePreprocess, ConfigFileErrorsNameTheFile) {
  TempDir dir;
  Preprocessing p;
  std::string error;
  std::string path = dir.file("preprocessor_config.json");
  writeFile(path, "{\"resample\": 9}");
  EXPECT_FALSE(readPreprocessing(path, p, error));
  EXPECT_EQ(error.rfind(path + ": resample: unknown resampling filter 9", 0), 0u) << error;

  writeFile(path, std::string(tfm::limits::kMaxPreprocessorConfigBytes + 1, ' '));
  EXPECT_FALSE(readPreprocessing(path, p, error));
  EXPECT_NE(error.find(path + ": file of 1048577 bytes exceeds the limit of 1048576"),
            std::string::npos)
      << error;

  std::string atLimit = "{}";
  atLimit.resize(tfm::limits::kMaxPreprocessorConfigBytes, ' ');
  writeFile(path, atLimit);
  EXPECT_TRUE(readPreprocessing(path, p, error)) << error;

  EXPECT_FALSE(readPreprocessing(dir.file(""), p, error));
  EXPECT_NE(error.find("is a directory"), std::string::npos) << error;
}

//===----------------------------------------------------------------------===//
// Bad images
//===----------------------------------------------------------------------===//

std::string decodeError(const std::string &path, int64_t maxPixels = kDefaultMaxPixels) {
  Image image;
  image.width = 77;
  std::string error;
  EXPECT_FALSE(decodeFile(path, image, error, maxPixels)) << path;
  if (std::getenv("TFM_PRINT_ERRORS"))
    std::printf("%s\n", error.c_str());
  EXPECT_EQ(image.width, 77) << "output changed on error";
  EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << "error does not start with the path: " << error;
  return error;
}

TEST(ImageErrors, TruncatedFiles) {
  TempDir dir;
  for (const char *name :
       {"rgb8-37x23.png", "rgb8-interlaced-35x22.png", "tall-60x250.png", "rgb-420-37x23.jpg",
        "progressive-53x31.jpg", "photo-420-320x240.jpg", "grey-29x18.jpg", "cmyk-24x16.jpg"}) {
    SCOPED_TRACE(name);
    std::string bytes = readFile(dataFile(name));
    ASSERT_GT(bytes.size(), 100u);
    bool png = std::string(name).find(".png") != std::string::npos;
    // Cut in the header, in the middle of the pixels, and just before the end.
    for (size_t keep : {size_t(20), bytes.size() / 2, bytes.size() - 2}) {
      std::string path = dir.file(std::string("cut-") + std::to_string(keep) + "-" + name);
      writeFile(path, bytes.substr(0, keep));
      std::string error = decodeError(path);
      EXPECT_NE(error.find(png ? "truncated PNG" : "truncated JPEG"), std::string::npos) << error;
    }
  }
}

/// `png` with IHDR's CRC recomputed, so that only its fields are wrong.
void fixIhdrCrc(std::string &png) {
  uint32_t crc = 0xffffffffu;
  for (size_t i = 12; i < 29; ++i) { // IHDR's type and data
    crc ^= uint8_t(png[i]);
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  crc = ~crc;
  for (int i = 0; i < 4; ++i)
    png[29 + i] = static_cast<char>(crc >> (24 - 8 * i));
}

TEST(ImageErrors, CorruptData) {
  TempDir dir;
  std::string png = readFile(dataFile("rgb8-37x23.png"));
  size_t idat = png.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  // A flipped bit in IDAT's compressed data: zlib finds it first.
  std::string badData = png;
  badData[idat + 20] ^= 0x10;
  writeFile(dir.file("data.png"), badData);
  EXPECT_NE(decodeError(dir.file("data.png")).find("corrupt PNG: IDAT: invalid"),
            std::string::npos);
  // Intact data, a wrong CRC.
  std::string badCrc = png;
  uint32_t idatLength = (uint8_t(png[idat - 4]) << 24) | (uint8_t(png[idat - 3]) << 16) |
                        (uint8_t(png[idat - 2]) << 8) | uint8_t(png[idat - 1]);
  badCrc[idat + 4 + idatLength + 3] ^= 0x01;
  writeFile(dir.file("crc.png"), badCrc);
  EXPECT_NE(decodeError(dir.file("crc.png")).find("corrupt PNG: IDAT: CRC error"),
            std::string::npos);
  // A bit depth of 3, with IHDR's CRC right.
  std::string badHeader = png;
  badHeader[24] = 3;
  fixIhdrCrc(badHeader);
  writeFile(dir.file("ihdr.png"), badHeader);
  EXPECT_NE(decodeError(dir.file("ihdr.png")).find("corrupt PNG: Invalid IHDR data"),
            std::string::npos);
  // A palette image without its palette.
  std::string palette = readFile(dataFile("palette8-33x21.png"));
  size_t plte = palette.find("PLTE");
  ASSERT_NE(plte, std::string::npos);
  uint32_t plteLength = (uint8_t(palette[plte - 2]) << 8) | uint8_t(palette[plte - 1]);
  palette.erase(plte - 4, plteLength + 12);
  writeFile(dir.file("plte.png"), palette);
  EXPECT_NE(decodeError(dir.file("plte.png")).find("corrupt PNG: IDAT: Missing PLTE before IDAT"),
            std::string::npos);

  std::string jpeg = readFile(dataFile("photo-420-320x240.jpg"));
  // Garbage in the entropy-coded data, past the headers.
  std::string garbled = jpeg;
  for (size_t i = garbled.size() / 2; i < garbled.size() / 2 + 64; ++i)
    garbled[i] = static_cast<char>(0xff);
  garbled[garbled.size() / 2 + 64] = static_cast<char>(0xd9 - 0x10); // a bogus marker
  writeFile(dir.file("garbled.jpg"), garbled);
  EXPECT_NE(
      decodeError(dir.file("garbled.jpg")).find("corrupt JPEG: premature end of data segment"),
      std::string::npos);
  // A lossless-JPEG frame (SOF3), which libjpeg-turbo 2.1 does not decode.
  std::string badMarker = jpeg.substr(0, 2) + "\xff\xc3" + jpeg.substr(2);
  writeFile(dir.file("marker.jpg"), badMarker);
  EXPECT_NE(decodeError(dir.file("marker.jpg"))
                .find("corrupt JPEG: Unsupported JPEG process: SOF type 0xc3"),
            std::string::npos);
}

TEST(ImageErrors, WrongMagicEmptyAndDirectory) {
  TempDir dir;
  writeFile(dir.file("text.png"), "GIF89a, not a PNG");
  EXPECT_NE(decodeError(dir.file("text.png"))
                .find("not a PNG or JPEG image (it starts with bytes 47 49 46 38)"),
            std::string::npos);
  writeFile(dir.file("short.jpg"), "\xff\xd8");
  EXPECT_NE(decodeError(dir.file("short.jpg")).find("not a PNG or JPEG image"), std::string::npos);
  writeFile(dir.file("empty.png"), "");
  EXPECT_NE(decodeError(dir.file("empty.png")).find("empty file"), std::string::npos);
  EXPECT_NE(decodeError(dir.file("")).find("is a directory"), std::string::npos);
  EXPECT_NE(decodeError(dir.file("missing.png")).find("cannot open: No such file"),
            std::string::npos);
  ASSERT_EQ(::mkfifo(dir.file("fifo.png").c_str(), 0600), 0);
  EXPECT_NE(decodeError(dir.file("fifo.png")).find("not a regular file"), std::string::npos);
}

TEST(ImageErrors, FileSizeLimit) {
  TempDir dir;
  std::string path = dir.file("huge.png");
  writeFile(path, "");
  // Sparse: nothing is written, and the reader refuses it from its size.
  ASSERT_EQ(::truncate(path.c_str(), tfm::limits::kMaxImageFileBytes + 1), 0);
  EXPECT_NE(decodeError(path).find("file of 1073741825 bytes exceeds the limit of 1073741824"),
            std::string::npos);
}

/// A PNG header claiming `width` x `height`, with an IDAT of a few bytes.
std::string pngClaiming(uint32_t width, uint32_t height) {
  std::string png = readFile(dataFile("rgb8-1x1.png"));
  auto putBigEndian = [&](size_t at, uint32_t value) {
    for (int i = 0; i < 4; ++i)
      png[at + i] = static_cast<char>(value >> (24 - 8 * i));
  };
  putBigEndian(16, width);
  putBigEndian(20, height);
  fixIhdrCrc(png);
  return png;
}

/// A JPEG whose SOF claims `width` x `height`.
std::string jpegClaiming(uint16_t width, uint16_t height) {
  std::string jpeg = readFile(dataFile("rgb-1x1.jpg"));
  size_t sof = jpeg.find("\xff\xc0");
  EXPECT_NE(sof, std::string::npos);
  jpeg[sof + 5] = static_cast<char>(height >> 8);
  jpeg[sof + 6] = static_cast<char>(height);
  jpeg[sof + 7] = static_cast<char>(width >> 8);
  jpeg[sof + 8] = static_cast<char>(width);
  return jpeg;
}

TEST(ImageErrors, DecompressionBombsAreRefusedFromTheHeader) {
  TempDir dir;
  // 2^31-1 squared: allocating for it would fail or take ~10^19 bytes; the
  // sanitizer build would report the attempt.
  writeFile(dir.file("bomb.png"), pngClaiming(0x7fffffff, 0x7fffffff));
  EXPECT_NE(decodeError(dir.file("bomb.png"))
                .find("PNG image of 2147483647x2147483647 = 4611686014132420609 pixels exceeds "
                      "the limit of 89478485"),
            std::string::npos);
  writeFile(dir.file("bomb.jpg"), jpegClaiming(65500, 65500));
  EXPECT_NE(decodeError(dir.file("bomb.jpg"))
                .find("JPEG image of 65500x65500 = 4290250000 pixels exceeds the limit"),
            std::string::npos);
  // The limit is the caller's: at it, the header passes (and the missing
  // pixels are then reported); one pixel past it, it is refused.
  writeFile(dir.file("at.png"), pngClaiming(100, 100));
  EXPECT_NE(decodeError(dir.file("at.png"), 10000).find("PNG: "), std::string::npos);
  EXPECT_EQ(decodeError(dir.file("at.png"), 10000).find("exceeds the limit"), std::string::npos);
  EXPECT_NE(decodeError(dir.file("at.png"), 9999).find("10000 pixels exceeds the limit of 9999"),
            std::string::npos);
  writeFile(dir.file("at.jpg"), jpegClaiming(100, 100));
  EXPECT_EQ(decodeError(dir.file("at.jpg"), 10000).find("exceeds the limit"), std::string::npos);
  EXPECT_NE(decodeError(dir.file("at.jpg"), 9999).find("10000 pixels exceeds the limit of 9999"),
            std::string::npos);
  Image image;
  std::string error;
  EXPECT_TRUE(decodeFile(dataFile("rgb8-37x23.png"), image, error, 37 * 23)) << error;
  EXPECT_FALSE(decodeFile(dataFile("rgb8-37x23.png"), image, error, 37 * 23 - 1));
}

TEST(ImageErrors, ProgressiveScansAreLimited) {
  // scans-500.jpg, at the limit, is a decode case (cases.txt): PIL's pixels.
  EXPECT_NE(
      decodeError(dataFile("scans-501.jpg")).find("corrupt JPEG: more than 500 progressive scans"),
      std::string::npos);
}

TEST(ImageErrors, ZeroSizedHeaders) {
  TempDir dir;
  writeFile(dir.file("zero.jpg"), jpegClaiming(0, 10));
  EXPECT_NE(decodeError(dir.file("zero.jpg")).find("JPEG"), std::string::npos);
  writeFile(dir.file("zero.png"), pngClaiming(0, 10));
  EXPECT_NE(decodeError(dir.file("zero.png")).find("PNG"), std::string::npos);
}

} // namespace
