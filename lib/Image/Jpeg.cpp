//===- Jpeg.cpp - JPEG decoding with libjpeg-turbo ------------------------===//
//
// libjpeg reports errors through error_exit, which must not return: it
// longjmps to a setjmp in readHeader or readPixels, functions that create no
// C++ objects, so the jump skips no destructor. The session that owns the
// decompressor lives in their caller and destroys it however decoding ends.
// The settings are libjpeg's defaults, which PIL keeps too (islow DCT, fancy
// upsampling), so the pixels are PIL's with the same libjpeg-turbo.
//
//===----------------------------------------------------------------------===//

#include "Decoders.h"
#include "tfm/Support/Limits.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>
// After jpeglib.h, whose configuration decides which codes it declares.
#include <jerror.h>

namespace tfm::image {
namespace {

struct JpegSession {
  jpeg_decompress_struct cinfo;
  jpeg_error_mgr errors;
  jpeg_progress_mgr progress;
  std::jmp_buf jump;
  bool created = false;
  bool truncated = false;
  char message[JMSG_LENGTH_MAX] = "";

  std::string problem() const {
    if (truncated)
      return "truncated JPEG: the file ends before the image is complete";
    // libjpeg's data warnings begin with this already.
    const char *prefix = "Corrupt JPEG data: ";
    size_t skip = std::strncmp(message, prefix, std::strlen(prefix)) == 0 ? std::strlen(prefix) : 0;
    return std::string("corrupt JPEG: ") + (message + skip);
  }

  ~JpegSession() {
    if (created)
      jpeg_destroy_decompress(&cinfo);
  }
};

JpegSession &sessionOf(j_common_ptr cinfo) {
  return *static_cast<JpegSession *>(cinfo->client_data);
}

[[noreturn]] void failWithMessage(j_common_ptr cinfo) {
  JpegSession &session = sessionOf(cinfo);
  (*cinfo->err->format_message)(cinfo, session.message);
  std::longjmp(session.jump, 1);
}

void onJpegError(j_common_ptr cinfo) { failWithMessage(cinfo); }

/// Warnings about the image data are errors here: libjpeg would go on and
/// fill the rest of a truncated or corrupt image with grey. Warnings about
/// metadata (unknown JFIF versions, extra bytes between markers) are not.
void onJpegMessage(j_common_ptr cinfo, int level) {
  if (level >= 0)
    return; // trace messages
  switch (cinfo->err->msg_code) {
  case JWRN_JPEG_EOF:
    sessionOf(cinfo).truncated = true;
    failWithMessage(cinfo);
  case JWRN_HIT_MARKER:
  case JWRN_HUFF_BAD_CODE:
  case JWRN_ARITH_BAD_CODE:
  case JWRN_MUST_RESYNC:
  case JWRN_BOGUS_PROGRESSION:
  case JWRN_NOT_SEQUENTIAL:
    failWithMessage(cinfo);
  default:
    return;
  }
}

void onJpegProgress(j_common_ptr cinfo) {
  auto *decompress = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (cinfo->is_decompressor && decompress->input_scan_number > limits::kMaxJpegScans) {
    JpegSession &session = sessionOf(cinfo);
    std::snprintf(session.message, sizeof(session.message), "more than %d progressive scans",
                  limits::kMaxJpegScans);
    std::longjmp(session.jump, 1);
  }
}

bool readHeader(JpegSession &s, const uint8_t *data, size_t size) {
  if (setjmp(s.jump))
    return false;
  jpeg_create_decompress(&s.cinfo);
  s.created = true;
  jpeg_mem_src(&s.cinfo, data, static_cast<unsigned long>(size));
  jpeg_read_header(&s.cinfo, TRUE);
  return true;
}

/// Decodes into `pixels`: rows of `rowBytes`, as many as the header said.
bool readPixels(JpegSession &s, uint8_t *pixels, size_t rowBytes) {
  if (setjmp(s.jump))
    return false;
  jpeg_start_decompress(&s.cinfo);
  if (static_cast<size_t>(s.cinfo.output_width) * s.cinfo.output_components != rowBytes ||
      s.cinfo.output_height != s.cinfo.image_height) {
    std::snprintf(s.message, sizeof(s.message), "%s",
                  "libjpeg's output size differs from the image's");
    return false;
  }
  while (s.cinfo.output_scanline < s.cinfo.output_height) {
    JSAMPROW row = pixels + s.cinfo.output_scanline * rowBytes;
    jpeg_read_scanlines(&s.cinfo, &row, 1);
  }
  jpeg_finish_decompress(&s.cinfo);
  return true;
}

/// a * b / 255, rounded to nearest (never a tie: 255 is odd).
uint8_t multiplyScaled(unsigned a, unsigned b) {
  return static_cast<uint8_t>((a * b * 2 + 255) / 510);
}

} // namespace

bool decodeJpeg(const uint8_t *data, size_t size, Image &out, std::string &error,
                int64_t maxPixels) {
  JpegSession s;
  s.cinfo.err = jpeg_std_error(&s.errors);
  s.errors.error_exit = onJpegError;
  s.errors.emit_message = onJpegMessage;
  s.cinfo.client_data = &s;
  if (!readHeader(s, data, size)) {
    error = s.problem();
    return false;
  }
  s.progress.progress_monitor = onJpegProgress;
  s.cinfo.progress = &s.progress;
  std::string tooLarge = checkPixelCount(s.cinfo.image_width, s.cinfo.image_height, maxPixels);
  if (!tooLarge.empty()) {
    error = "JPEG " + tooLarge;
    return false;
  }
  bool cmyk = false;
  switch (s.cinfo.jpeg_color_space) {
  case JCS_GRAYSCALE:
  case JCS_YCbCr:
  case JCS_RGB:
    s.cinfo.out_color_space = JCS_RGB;
    break;
  case JCS_CMYK:
  case JCS_YCCK:
    s.cinfo.out_color_space = JCS_CMYK;
    cmyk = true;
    break;
  default:
    error = "unsupported JPEG: " + std::to_string(s.cinfo.num_components) +
            " colour components of unknown meaning";
    return false;
  }
  size_t width = s.cinfo.image_width, height = s.cinfo.image_height;
  size_t channels = cmyk ? 4 : 3;
  std::vector<uint8_t> pixels(width * height * channels);
  if (!readPixels(s, pixels.data(), width * channels)) {
    error = s.problem();
    return false;
  }
  Image image;
  image.width = static_cast<int64_t>(width);
  image.height = static_cast<int64_t>(height);
  if (cmyk) {
    // As PIL: CMYK JPEGs are taken to be Adobe's, which store inverted ink,
    // so a stored sample s is 255 - ink; then R = (255 - C)(255 - K) / 255.
    image.rgb.resize(width * height * 3);
    for (size_t i = 0; i < width * height; ++i) {
      const uint8_t *p = &pixels[i * 4];
      for (size_t c = 0; c < 3; ++c)
        image.rgb[i * 3 + c] = multiplyScaled(p[c], p[3]);
    }
  } else {
    image.rgb = std::move(pixels);
  }
  out = std::move(image);
  return true;
}

} // namespace tfm::image
