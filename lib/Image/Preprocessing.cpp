//===- Preprocessing.cpp - ViTImageProcessor's pixel_values ---------------===//

#include "tfm/Image/Image.h"

#include "Runtime/Support.h"
#include "tfm/Support/Json.h"
#include "tfm/Support/Limits.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

namespace tfm::image {
namespace {

using Value = JsonValue;

bool readBool(const Value &value, const char *field, bool &out, std::string &error) {
  if (!value.isBool()) {
    error = std::string(field) + ": expected true or false, got " + value.kindName();
    return false;
  }
  out = value.boolean();
  return true;
}

bool readNumber(const Value &value, const std::string &field, double &out, std::string &error) {
  if (!value.isNumber()) {
    error = field + ": expected a number, got " + value.kindName();
    return false;
  }
  out = value.number();
  return true;
}

bool readInteger(const Value &value, const std::string &field, int64_t low, int64_t high,
                 int64_t &out, std::string &error) {
  double number;
  if (!readNumber(value, field, number, error))
    return false;
  if (number != std::floor(number) || number < static_cast<double>(low) ||
      number > static_cast<double>(high)) {
    error = field + ": expected an integer from " + std::to_string(low) + " to " +
            std::to_string(high) + ", got " + rt::formatFloat(number);
    return false;
  }
  out = static_cast<int64_t>(number);
  return true;
}

bool readSize(const Value &value, Preprocessing &out, std::string &error) {
  if (value.isNumber()) { // older configs: one side of a square
    int64_t side;
    if (!readInteger(value, "size", 1, limits::kMaxPreprocessedSide, side, error))
      return false;
    out.height = out.width = side;
    return true;
  }
  if (!value.isObject()) {
    error = std::string("size: expected an object {\"height\", \"width\"} or a number, got ") +
            value.kindName();
    return false;
  }
  for (const char *aspect : {"shortest_edge", "longest_edge"})
    if (value.find(aspect)) {
      error = std::string("size: resizing by \"") + aspect +
              "\" (as CLIP and ConvNeXt processors do) is not supported, only "
              "{\"height\", \"width\"} as ViTImageProcessor";
      return false;
    }
  const Value *height = value.find("height");
  const Value *width = value.find("width");
  if (!height || !width) {
    error = std::string("size: missing \"") + (height ? "width" : "height") + "\"";
    return false;
  }
  return readInteger(*height, "size.height", 1, limits::kMaxPreprocessedSide, out.height, error) &&
         readInteger(*width, "size.width", 1, limits::kMaxPreprocessedSide, out.width, error);
}

bool readChannelValues(const Value &value, const char *field, bool nonzero,
                       std::array<double, 3> &out, std::string &error) {
  std::array<double, 3> values;
  if (value.isNumber()) { // one value for every channel
    values.fill(value.number());
  } else if (value.isArray() && value.array().size() == 3) {
    for (size_t c = 0; c < 3; ++c)
      if (!readNumber(value.array()[c], std::string(field) + "[" + std::to_string(c) + "]", values[c],
                      error))
        return false;
  } else {
    error = std::string(field) + ": expected an array of 3 numbers (R, G, B), got " +
            (value.isArray() ? "an array of " + std::to_string(value.array().size())
                                        : std::string(value.kindName()));
    return false;
  }
  for (size_t c = 0; c < 3; ++c) {
    if (!std::isfinite(values[c]) || (nonzero && values[c] == 0.0)) {
      error = std::string(field) + ": channel " + std::to_string(c) + " is " +
              rt::formatFloat(values[c]) + (nonzero ? ", expected a nonzero number" : "");
      return false;
    }
  }
  out = values;
  return true;
}

} // namespace

bool parsePreprocessing(const std::string &text, Preprocessing &out, std::string &error) {
  Value root;
  JsonLimits jsonLimits;
  jsonLimits.maxDepth = limits::kMaxPreprocessorJsonDepth;
  if (!parseJson(text, root, error, jsonLimits))
    return false;
  if (!root.isObject()) {
    error = std::string("expected a JSON object, got ") + root.kindName();
    return false;
  }
  Preprocessing p;
  if (const Value *v = root.find("do_center_crop")) {
    bool crop;
    if (!readBool(*v, "do_center_crop", crop, error))
      return false;
    if (crop) {
      error = "do_center_crop: center cropping is not supported (ViTImageProcessor does not crop)";
      return false;
    }
  }
  if (const Value *v = root.find("do_resize"); v && !readBool(*v, "do_resize", p.doResize, error))
    return false;
  if (const Value *v = root.find("size"); v && !readSize(*v, p, error))
    return false;
  if (p.height * p.width > limits::kMaxPreprocessedPixels) {
    error = "size: " + std::to_string(p.height) + "x" + std::to_string(p.width) +
            " is more than the limit of " + std::to_string(limits::kMaxPreprocessedPixels) +
            " pixels";
    return false;
  }
  if (const Value *v = root.find("resample")) {
    int64_t resample;
    if (!v->isNumber() || v->number() != std::floor(v->number()) || v->number() < 0 ||
        v->number() > kHamming) {
      error = "resample: unknown resampling filter " +
              (v->isNumber() ? rt::formatFloat(v->number()) : std::string(v->kindName())) +
              ", expected PIL's 0 (nearest), 1 (lanczos), 2 (bilinear), 3 (bicubic), 4 (box) "
              "or 5 (hamming)";
      return false;
    }
    resample = static_cast<int64_t>(v->number());
    p.resample = static_cast<int>(resample);
  }
  if (const Value *v = root.find("do_rescale");
      v && !readBool(*v, "do_rescale", p.doRescale, error))
    return false;
  if (const Value *v = root.find("rescale_factor")) {
    if (!readNumber(*v, "rescale_factor", p.rescaleFactor, error))
      return false;
    if (!std::isfinite(p.rescaleFactor)) {
      error = "rescale_factor: not a finite number";
      return false;
    }
  }
  if (const Value *v = root.find("do_normalize");
      v && !readBool(*v, "do_normalize", p.doNormalize, error))
    return false;
  if (const Value *v = root.find("image_mean");
      v && !readChannelValues(*v, "image_mean", /*nonzero=*/false, p.mean, error))
    return false;
  if (const Value *v = root.find("image_std");
      v && !readChannelValues(*v, "image_std", /*nonzero=*/true, p.std, error))
    return false;
  out = p;
  return true;
}

bool readPreprocessing(const std::string &path, Preprocessing &out, std::string &error) {
  struct stat fileStat;
  if (::stat(path.c_str(), &fileStat) != 0 && errno == ENOENT) {
    out = Preprocessing{}; // no config: ViTImageProcessor's defaults
    return true;
  }
  rt::Status status = rt::checkRegularFile(path);
  if (!status.ok()) {
    error = status.message();
    return false;
  }
  std::string text;
  std::string problem = rt::readRegularFile(path, limits::kMaxPreprocessorConfigBytes,
                                            "a preprocessor config", text);
  if (!problem.empty()) {
    error = path + ": " + problem;
    return false;
  }
  if (!parsePreprocessing(text, out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

std::vector<float> preprocess(const Image &image, const Preprocessing &p) {
  Image resized;
  const Image *source = &image;
  if (p.doResize) {
    resized = resize(image, p.width, p.height, p.resample);
    source = &resized;
  }
  bool validImage = source->width >= 1 && source->height >= 1 &&
                    source->width <= limits::kMaxPreprocessedPixels &&
                    source->height <= limits::kMaxPreprocessedPixels &&
                    source->rgb.size() == static_cast<size_t>(source->width * source->height * 3);
  bool validSteps = true;
  for (size_t c = 0; c < 3; ++c)
    validSteps &= std::isfinite(p.mean[c]) && std::isfinite(p.std[c]) && p.std[c] != 0.0;
  if (!validImage || !validSteps || !std::isfinite(p.rescaleFactor))
    return {};
  size_t planeSize = static_cast<size_t>(source->width * source->height);
  std::vector<float> pixels(planeSize * 3);
  // As transformers does it: rescaling multiplies in float64 and rounds to
  // float32; normalising subtracts and divides in float32.
  std::array<float, 3> mean, std;
  for (size_t c = 0; c < 3; ++c) {
    mean[c] = static_cast<float>(p.mean[c]);
    std[c] = static_cast<float>(p.std[c]);
  }
  for (size_t i = 0; i < planeSize; ++i) {
    for (size_t c = 0; c < 3; ++c) {
      uint8_t sample = source->rgb[i * 3 + c];
      float value =
          p.doRescale ? static_cast<float>(sample * p.rescaleFactor) : static_cast<float>(sample);
      if (p.doNormalize)
        value = (value - mean[c]) / std[c];
      pixels[c * planeSize + i] = value;
    }
  }
  return pixels;
}

} // namespace tfm::image
