//===- Decoders.h - the PNG and JPEG decoders of TfmImage -------*- C++ -*-===//

#ifndef TFM_LIB_IMAGE_DECODERS_H
#define TFM_LIB_IMAGE_DECODERS_H

#include "tfm/Image/Image.h"

namespace tfm::image {

/// Each decodes a whole file's bytes to `out` (RGB), refusing more than
/// `maxPixels` pixels before allocating for them; false and `error` (no
/// file name) otherwise. They may throw std::bad_alloc.
bool decodePng(const uint8_t *data, size_t size, Image &out, std::string &error, int64_t maxPixels);
bool decodeJpeg(const uint8_t *data, size_t size, Image &out, std::string &error,
                int64_t maxPixels);

/// "image of WxH pixels exceeds the limit of N pixels ...", or empty.
std::string checkPixelCount(uint64_t width, uint64_t height, int64_t maxPixels);

} // namespace tfm::image

#endif // TFM_LIB_IMAGE_DECODERS_H
