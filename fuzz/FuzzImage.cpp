//===- FuzzImage.cpp - fuzz the PNG/JPEG decoder and the resampler --------===//
//
// Any bytes as an image file: decoding either fails with a message and
// leaves the output alone, or yields width * height RGB pixels within the
// pixel cap; a decoded image then resizes to a small size with a filter the
// first byte picks, which must give that size's pixels.
//
//===----------------------------------------------------------------------===//

#include "tfm/Image/Image.h"

#include <cstdlib>

using namespace tfm::image;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // Small enough that every accepted image decodes quickly.
  constexpr int64_t kMaxPixels = 1 << 20;
  Image image;
  image.width = -1;
  std::string error;
  if (!decodeMemory(data, size, image, error, kMaxPixels)) {
    if (error.empty() || image.width != -1 || !image.rgb.empty())
      std::abort(); // An error must say what is wrong and change nothing.
    return 0;
  }
  if (image.width <= 0 || image.height <= 0 || image.width * image.height > kMaxPixels ||
      image.rgb.size() != static_cast<size_t>(image.width * image.height * 3))
    std::abort();
  Preprocessing p;
  p.height = 1 + data[0] % 7;
  p.width = 1 + data[size - 1] % 9;
  p.resample = data[0] % 6;
  std::vector<float> pixels = preprocess(image, p);
  if (pixels.size() != static_cast<size_t>(3 * p.height * p.width))
    std::abort();
  for (float value : pixels)
    if (!(value >= -1.0f && value <= 1.0f)) // (x/255 - 0.5) / 0.5
      std::abort();
  return 0;
}
