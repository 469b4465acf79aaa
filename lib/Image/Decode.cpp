//===- Decode.cpp - image files to RGB, by their magic bytes --------------===//

#include "tfm/Image/Image.h"

#include "Decoders.h"
#include "Runtime/Support.h"
#include "tfm/Support/Limits.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include <unistd.h>

namespace tfm::image {

std::string checkPixelCount(uint64_t width, uint64_t height, int64_t maxPixels) {
  // Both are below 2^32, so the product fits.
  uint64_t pixels = width * height;
  if (pixels == 0)
    return "image of " + std::to_string(width) + "x" + std::to_string(height) + " pixels is empty";
  if (maxPixels < 0 || pixels > static_cast<uint64_t>(maxPixels))
    return "image of " + std::to_string(width) + "x" + std::to_string(height) + " = " +
           std::to_string(pixels) + " pixels exceeds the limit of " + std::to_string(maxPixels) +
           " (a decompression bomb?)";
  return "";
}

namespace {

bool startsWith(const uint8_t *data, size_t size, const uint8_t *magic, size_t length) {
  return size >= length && std::memcmp(data, magic, length) == 0;
}

std::string describeMagic(const uint8_t *data, size_t size) {
  std::string text;
  for (size_t i = 0; i < size && i < 4; ++i) {
    char hex[4];
    std::snprintf(hex, sizeof(hex), i ? " %02x" : "%02x", data[i]);
    text += hex;
  }
  return text;
}

} // namespace

bool decodeMemory(const uint8_t *data, size_t size, Image &out, std::string &error,
                  int64_t maxPixels) {
  static constexpr uint8_t kPngMagic[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  static constexpr uint8_t kJpegMagic[] = {0xff, 0xd8, 0xff};
  if (size == 0) {
    error = "empty file, expected a PNG or JPEG image";
    return false;
  }
  try {
    if (startsWith(data, size, kPngMagic, sizeof(kPngMagic)))
      return decodePng(data, size, out, error, maxPixels);
    if (startsWith(data, size, kJpegMagic, sizeof(kJpegMagic)))
      return decodeJpeg(data, size, out, error, maxPixels);
  } catch (const std::bad_alloc &) {
    error = "out of memory";
    return false;
  }
  error = "not a PNG or JPEG image (it starts with bytes " + describeMagic(data, size) + ")";
  return false;
}

bool decodeFile(const std::string &path, Image &out, std::string &error, int64_t maxPixels) {
  rt::Status regular = rt::checkRegularFile(path);
  if (!regular.ok()) {
    error = regular.message();
    return false;
  }
  std::string bytes;
  std::string problem =
      rt::readRegularFile(path, limits::kMaxImageFileBytes, "an image", bytes);
  if (!problem.empty()) {
    error = path + ": " + problem;
    return false;
  }
  if (!decodeMemory(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size(), out, error,
                    maxPixels)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

} // namespace tfm::image
