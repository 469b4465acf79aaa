//===- FuzzSupport.cpp - scratch files for the fuzz targets ---------------===//

#include "FuzzSupport.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <unistd.h>

namespace tfm::fuzz {
namespace {

/// The scratch files made so far, removed when the process exits normally
/// (a crash leaves them in $TMPDIR, named by the process id).
struct ScratchFiles {
  std::map<std::string, std::string> pathBySuffix;
  ~ScratchFiles() {
    for (const auto &entry : pathBySuffix)
      std::remove(entry.second.c_str());
  }
};

} // namespace

std::string writeScratchFile(const uint8_t *data, size_t size, const char *suffix) {
  static ScratchFiles files;
  std::string &path = files.pathBySuffix[suffix];
  if (path.empty()) {
    const char *dir = std::getenv("TMPDIR");
    path = std::string(dir && *dir ? dir : "/tmp") + "/tfm-fuzz-" +
           std::to_string(static_cast<long>(getpid())) + suffix;
  }
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file || (size && std::fwrite(data, 1, size, file) != size) || std::fclose(file)) {
    std::perror(path.c_str());
    std::abort(); // The harness, not the code under test, failed.
  }
  return path;
}

} // namespace tfm::fuzz
