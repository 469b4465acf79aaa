//===- FuzzImageConfig.cpp - fuzz preprocessor_config.json's reader -------===//
//
// Any bytes as a preprocessor_config.json: parsing either fails with a
// message and leaves the settings alone, or yields settings preprocess()
// accepts (sizes within the limit, a known filter, a nonzero std).
//
//===----------------------------------------------------------------------===//

#include "tfm/Image/Image.h"
#include "tfm/Support/Limits.h"

#include <cmath>
#include <cstdlib>

using namespace tfm::image;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  Preprocessing p;
  p.height = -7;
  std::string error;
  if (!parsePreprocessing(text, p, error)) {
    if (error.empty() || p.height != -7)
      std::abort();
    return 0;
  }
  if (p.height < 1 || p.width < 1 || p.height * p.width > tfm::limits::kMaxPreprocessedPixels ||
      p.resample < kNearest || p.resample > kHamming || !std::isfinite(p.rescaleFactor))
    std::abort();
  for (int c = 0; c < 3; ++c)
    if (!std::isfinite(p.mean[c]) || !std::isfinite(p.std[c]) || p.std[c] == 0.0)
      std::abort();
  return 0;
}
