//===- Png.cpp - PNG decoding with libpng ---------------------------------===//
//
// libpng reports errors by longjmp to a setjmp in the caller. The functions
// that call setjmp (readHeader, readPixels) create no C++ objects, so the
// jump skips no destructor; the session that owns libpng's structures lives
// in their caller and frees them however the decoding ends.
//
//===----------------------------------------------------------------------===//

#include "Decoders.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>

namespace tfm::image {
namespace {

struct PngSession {
  png_structp png = nullptr;
  png_infop info = nullptr;
  const uint8_t *data = nullptr;
  size_t size = 0, position = 0;
  bool truncated = false;
  char message[256] = "";

  std::string problem() const {
    if (truncated)
      return "truncated PNG: the file ends after " + std::to_string(size) +
             " bytes, before the image is complete";
    return std::string("corrupt PNG: ") + message;
  }

  ~PngSession() {
    if (png)
      png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
  }
};

void onPngError(png_structp png, png_const_charp message) {
  auto *session = static_cast<PngSession *>(png_get_error_ptr(png));
  std::snprintf(session->message, sizeof(session->message), "%s", message);
  png_longjmp(png, 1);
}

// Warnings (an sRGB profile libpng knows to be off, a bad ancillary chunk
// skipped) do not change the pixels: PIL loads such files too.
void onPngWarning(png_structp, png_const_charp) {}

void readFromMemory(png_structp png, png_bytep target, size_t length) {
  auto *session = static_cast<PngSession *>(png_get_io_ptr(png));
  if (length > session->size - session->position) {
    session->truncated = true;
    png_error(png, "truncated file");
  }
  std::memcpy(target, session->data + session->position, length);
  session->position += length;
}

bool readHeader(PngSession &s) {
  if (setjmp(png_jmpbuf(s.png)))
    return false;
  png_set_read_fn(s.png, &s, readFromMemory);
  // The pixel cap (checked by the caller) is the limit, not libpng's
  // default of a million pixels a side.
  png_set_user_limits(s.png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  png_read_info(s.png, s.info);
  return true;
}

/// Asks libpng for 8-bit RGB whatever the file holds, as PIL's
/// convert("RGB"): palette looked up, 1/2/4-bit grey scaled to 8 bits,
/// 16-bit samples cut to their high byte, alpha (and tRNS) dropped, grey
/// replicated. Then reads all rows (each interlace pass over the same rows).
bool readPixels(PngSession &s, uint8_t *pixels, size_t rowBytes, uint32_t height) {
  if (setjmp(png_jmpbuf(s.png)))
    return false;
  png_set_expand(s.png);
  png_set_strip_16(s.png);
  png_set_strip_alpha(s.png);
  png_set_gray_to_rgb(s.png);
  int passes = png_set_interlace_handling(s.png);
  png_read_update_info(s.png, s.info);
  if (png_get_channels(s.png, s.info) != 3 || png_get_bit_depth(s.png, s.info) != 8 ||
      png_get_rowbytes(s.png, s.info) != rowBytes)
    png_error(s.png, "unsupported PNG layout (libpng did not give 8-bit RGB)");
  for (int pass = 0; pass < passes; ++pass)
    for (uint32_t y = 0; y < height; ++y)
      png_read_row(s.png, pixels + y * rowBytes, nullptr);
  // The chunks after the image, to IEND: a file cut after its pixels is
  // still truncated.
  png_read_end(s.png, nullptr);
  return true;
}

} // namespace

bool decodePng(const uint8_t *data, size_t size, Image &out, std::string &error,
               int64_t maxPixels) {
  PngSession s;
  s.data = data;
  s.size = size;
  s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s, onPngError, onPngWarning);
  if (s.png)
    s.info = png_create_info_struct(s.png);
  if (!s.png || !s.info) {
    error = "PNG: out of memory";
    return false;
  }
  if (!readHeader(s)) {
    error = s.problem();
    return false;
  }
  uint32_t width = png_get_image_width(s.png, s.info);
  uint32_t height = png_get_image_height(s.png, s.info);
  std::string tooLarge = checkPixelCount(width, height, maxPixels);
  if (!tooLarge.empty()) {
    error = "PNG " + tooLarge;
    return false;
  }
  Image image;
  image.width = width;
  image.height = height;
  size_t rowBytes = static_cast<size_t>(width) * 3;
  image.rgb.resize(rowBytes * height);
  if (!readPixels(s, image.rgb.data(), rowBytes, height)) {
    error = s.problem();
    return false;
  }
  out = std::move(image);
  return true;
}

} // namespace tfm::image
