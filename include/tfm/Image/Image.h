//===- Image.h - PNG/JPEG decoding and ViT preprocessing --------*- C++ -*-===//
//
// What a vision model's input needs before it is a tensor: the image file
// decoded to 8-bit RGB, then resized, rescaled and normalised as Hugging
// Face's ViTImageProcessor makes `pixel_values` (docs/images.md). Runtime
// side: plain C++17 over libpng and libjpeg-turbo, no MLIR or LLVM, no
// global state; every function may be called from any thread.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_IMAGE_IMAGE_H
#define TFM_IMAGE_IMAGE_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tfm::image {

/// An 8-bit RGB image, row-major HWC: `rgb` holds width * height * 3 bytes.
struct Image {
  int64_t width = 0, height = 0;
  std::vector<uint8_t> rgb;
};

/// PIL's Image.MAX_IMAGE_PIXELS.
inline constexpr int64_t kDefaultMaxPixels = 89478485;

/// Decodes the PNG or JPEG file at `path`, told apart by its magic bytes, to
/// RGB as PIL's Image.open(path).convert("RGB") does: grey is replicated,
/// alpha dropped (not composited), palettes looked up, 16-bit samples cut to
/// their high byte, CMYK JPEGs converted. An image of more than `maxPixels`
/// pixels is refused from its header, before its pixels are allocated. On
/// failure: false, `out` unchanged, and `error` as "PATH: PROBLEM".
bool decodeFile(const std::string &path, Image &out, std::string &error,
                int64_t maxPixels = kDefaultMaxPixels);

/// decodeFile on bytes in memory; `error` names no file ("PROBLEM").
bool decodeMemory(const uint8_t *data, size_t size, Image &out, std::string &error,
                  int64_t maxPixels = kDefaultMaxPixels);

/// PIL's resampling filters, by the numbers preprocessor_config.json uses.
enum Resample : int {
  kNearest = 0,
  kLanczos = 1,
  kBilinear = 2,
  kBicubic = 3,
  kBox = 4,
  kHamming = 5,
};

/// The fields of a preprocessor_config.json (ViTImageProcessor) that
/// preprocess() uses; the defaults are ViTImageProcessor's.
struct Preprocessing {
  bool doResize = true;
  int64_t height = 224, width = 224;
  int resample = kBilinear;
  bool doRescale = true;
  double rescaleFactor = 1.0 / 255;
  bool doNormalize = true;
  std::array<double, 3> mean{0.5, 0.5, 0.5}, std{0.5, 0.5, 0.5};
};

/// Reads preprocessor_config.json at `path` into `out`; a file that does not
/// exist leaves the defaults. Unknown fields are ignored; a known field of
/// the wrong type or value, or a step preprocess() cannot do (center crop,
/// shortest-edge resizing), is an error "PATH: FIELD: PROBLEM".
bool readPreprocessing(const std::string &path, Preprocessing &out, std::string &error);

/// The same from the file's text; `error` is "FIELD: PROBLEM" or, for
/// malformed JSON, "LINE:COLUMN: PROBLEM".
bool parsePreprocessing(const std::string &json, Preprocessing &out, std::string &error);

/// pixel_values for one image as ViTImageProcessor makes them: [3, H, W]
/// float32, channel-major (H, W: p.height, p.width if p.doResize, else the
/// image's). Empty if `image` is not a decoded image (a side < 1, or rgb not
/// width * height * 3 bytes) or `p` is not what readPreprocessing accepts
/// (sizes 1..65535, resample 0..5, std nonzero).
std::vector<float> preprocess(const Image &image, const Preprocessing &p);

/// The resize step alone: `image` resampled to `width` x `height` with PIL's
/// Image.resize(filter) arithmetic (8-bit, horizontal pass first). An empty
/// Image for the invalid arguments preprocess() refuses.
Image resize(const Image &image, int64_t width, int64_t height, int resample);

} // namespace tfm::image

#endif // TFM_IMAGE_IMAGE_H
