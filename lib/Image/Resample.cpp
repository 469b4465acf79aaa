//===- Resample.cpp - PIL's Image.resize, reimplemented ------------------===//
//
// Pillow resizes by separable convolution (its documented design): each
// output pixel of an axis is a weighted sum of the input pixels under the
// filter, centred on the output pixel's centre mapped into the input. When
// the axis shrinks, the filter is stretched by the reduction factor, so
// downscaling averages every input pixel (antialiasing) instead of sampling
// two. Weights are normalised to sum to 1, then rounded to fixed point, and
// 8-bit images are summed in integers: the horizontal pass first, its result
// rounded and clamped to 8 bits, then the vertical one. Doing the same
// arithmetic gives the same bytes as PIL (test/Image).
//
//===----------------------------------------------------------------------===//

#include "tfm/Image/Image.h"
#include "tfm/Support/Limits.h"

#include <algorithm>
#include <cmath>

namespace tfm::image {
namespace {

constexpr double kPi = 3.14159265358979323846;

double sinc(double x) {
  if (x == 0.0)
    return 1.0;
  x *= kPi;
  return std::sin(x) / x;
}

/// A filter and the radius outside which it is zero, at scale 1.
struct Filter {
  double (*weight)(double);
  double support;
};

Filter filterFor(int resample) {
  switch (resample) {
  case kBox:
    return {[](double x) { return x > -0.5 && x <= 0.5 ? 1.0 : 0.0; }, 0.5};
  case kBilinear:
    return {[](double x) { return std::fabs(x) < 1.0 ? 1.0 - std::fabs(x) : 0.0; }, 1.0};
  case kHamming:
    return {[](double x) {
              x = std::fabs(x);
              if (x == 0.0)
                return 1.0;
              if (x >= 1.0)
                return 0.0;
              return sinc(x) * (0.54 + 0.46 * std::cos(kPi * x));
            },
            1.0};
  case kBicubic:
    // Keys' cubic convolution with a = -0.5.
    return {[](double x) {
              constexpr double a = -0.5;
              x = std::fabs(x);
              if (x < 1.0)
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
              if (x < 2.0)
                return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
              return 0.0;
            },
            2.0};
  case kLanczos:
    return {[](double x) { return std::fabs(x) < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0; }, 3.0};
  default:
    return {nullptr, 0.0};
  }
}

/// Fixed-point fraction bits of the weights: 8-bit samples times weights
/// below 2^22 (up to ~2x in magnitude with negative lobes) sum well within
/// 32 bits.
constexpr int kFractionBits = 22;

/// For each output position along one axis: the first input index and the
/// fixed-point weights of the inputs from there.
struct AxisWeights {
  std::vector<int64_t> first, count;
  std::vector<int32_t> weights; // `taps` per output position
  int64_t taps = 0;
};

AxisWeights computeWeights(int64_t inSize, int64_t outSize, const Filter &filter) {
  double scale = static_cast<double>(inSize) / static_cast<double>(outSize);
  double filterScale = std::max(scale, 1.0);
  double support = filter.support * filterScale;
  AxisWeights axis;
  axis.taps = static_cast<int64_t>(std::ceil(support)) * 2 + 1;
  axis.first.resize(outSize);
  axis.count.resize(outSize);
  axis.weights.assign(static_cast<size_t>(outSize * axis.taps), 0);
  double inverseScale = 1.0 / filterScale;
  std::vector<double> real(static_cast<size_t>(axis.taps));
  for (int64_t out = 0; out < outSize; ++out) {
    double center = (static_cast<double>(out) + 0.5) * scale;
    // Truncation, then clamping, as the C conversions of Pillow's description.
    int64_t first = std::max<int64_t>(static_cast<int64_t>(center - support + 0.5), 0);
    int64_t end = std::min<int64_t>(static_cast<int64_t>(center + support + 0.5), inSize);
    int64_t count = std::min<int64_t>(end - first, axis.taps);
    double total = 0.0;
    for (int64_t i = 0; i < count; ++i) {
      double w = filter.weight((static_cast<double>(i + first) - center + 0.5) * inverseScale);
      real[i] = w;
      total += w;
    }
    int32_t *fixed = &axis.weights[static_cast<size_t>(out * axis.taps)];
    for (int64_t i = 0; i < count; ++i) {
      double w = total != 0.0 ? real[i] / total : real[i];
      double scaled = w * static_cast<double>(1 << kFractionBits);
      fixed[i] = static_cast<int32_t>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
    }
    axis.first[out] = first;
    axis.count[out] = std::max<int64_t>(count, 0);
  }
  return axis;
}

uint8_t clampToByte(int64_t sum) {
  if (sum <= 0)
    return 0;
  if (sum >= (int64_t(256) << kFractionBits))
    return 255;
  return static_cast<uint8_t>(sum >> kFractionBits);
}

/// One convolution pass along x (`alongRows`) or y, 3 channels.
Image convolve(const Image &in, int64_t outSize, bool alongRows, const Filter &filter) {
  Image out;
  out.width = alongRows ? outSize : in.width;
  out.height = alongRows ? in.height : outSize;
  out.rgb.resize(static_cast<size_t>(out.width * out.height * 3));
  AxisWeights axis = computeWeights(alongRows ? in.width : in.height, outSize, filter);
  // Offsets (in bytes) between neighbouring taps, and between output lines.
  int64_t tapStride = alongRows ? 3 : in.width * 3;
  for (int64_t y = 0; y < out.height; ++y) {
    for (int64_t x = 0; x < out.width; ++x) {
      int64_t position = alongRows ? x : y;
      const int32_t *weights = &axis.weights[static_cast<size_t>(position * axis.taps)];
      const uint8_t *source =
          alongRows ? &in.rgb[static_cast<size_t>((y * in.width + axis.first[position]) * 3)]
                    : &in.rgb[static_cast<size_t>((axis.first[position] * in.width + x) * 3)];
      uint8_t *target = &out.rgb[static_cast<size_t>((y * out.width + x) * 3)];
      for (int c = 0; c < 3; ++c) {
        int64_t sum = int64_t(1) << (kFractionBits - 1); // rounds the shift
        for (int64_t i = 0; i < axis.count[position]; ++i)
          sum += int64_t(source[i * tapStride + c]) * weights[i];
        target[c] = clampToByte(sum);
      }
    }
  }
  return out;
}

/// For each output position along an axis, the input index under its
/// centre. PIL steps the source coordinate by adding the scale once per
/// pixel, and measured against it (make_test_images.py's nearest cases) the
/// rounding of that running sum decides ties such as 3.5 * 2/7 == 1: so does
/// this.
std::vector<int64_t> nearestIndices(int64_t inSize, int64_t outSize) {
  double scale = static_cast<double>(inSize) / static_cast<double>(outSize);
  std::vector<int64_t> indices(static_cast<size_t>(outSize));
  double coordinate = 0.5 * scale;
  for (int64_t out = 0; out < outSize; ++out) {
    indices[out] = std::min<int64_t>(static_cast<int64_t>(coordinate), inSize - 1);
    coordinate += scale;
  }
  return indices;
}

Image resizeNearest(const Image &in, int64_t width, int64_t height) {
  Image out;
  out.width = width;
  out.height = height;
  out.rgb.resize(static_cast<size_t>(width * height * 3));
  std::vector<int64_t> columns = nearestIndices(in.width, width);
  std::vector<int64_t> rows = nearestIndices(in.height, height);
  for (int64_t y = 0; y < height; ++y) {
    for (int64_t x = 0; x < width; ++x) {
      const uint8_t *source = &in.rgb[static_cast<size_t>((rows[y] * in.width + columns[x]) * 3)];
      std::copy(source, source + 3, &out.rgb[static_cast<size_t>((y * width + x) * 3)]);
    }
  }
  return out;
}

} // namespace

Image resize(const Image &image, int64_t width, int64_t height, int resample) {
  bool validImage = image.width >= 1 && image.height >= 1 &&
                    image.width <= limits::kMaxPreprocessedPixels &&
                    image.height <= limits::kMaxPreprocessedPixels &&
                    image.rgb.size() == static_cast<size_t>(image.width * image.height * 3);
  bool validSize = width >= 1 && height >= 1 && width <= limits::kMaxPreprocessedSide &&
                   height <= limits::kMaxPreprocessedSide;
  if (!validImage || !validSize)
    return Image{};
  if (resample == kNearest)
    return resizeNearest(image, width, height);
  Filter filter = filterFor(resample);
  if (!filter.weight)
    return Image{};
  // As PIL: a pass only for an axis whose size changes.
  if (width == image.width && height == image.height)
    return image;
  if (height == image.height)
    return convolve(image, width, /*alongRows=*/true, filter);
  if (width == image.width)
    return convolve(image, height, /*alongRows=*/false, filter);
  return convolve(convolve(image, width, /*alongRows=*/true, filter), height,
                  /*alongRows=*/false, filter);
}

} // namespace tfm::image
