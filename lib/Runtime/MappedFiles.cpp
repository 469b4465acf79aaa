//===- MappedFiles.cpp - read-only file mappings whose pages can be dropped ===//

#include "MappedFiles.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <mutex>
#include <vector>

namespace tfm::rt {

namespace {
struct Mapping {
  uintptr_t start, end;
};

struct Registry {
  std::mutex mutex;
  std::vector<Mapping> mappings;
};

Registry &registry() {
  static Registry *instance = new Registry; // never destroyed: used at exit
  return *instance;
}
} // namespace

void registerReadOnlyMapping(const void *start, size_t bytes) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto begin = reinterpret_cast<uintptr_t>(start);
  r.mappings.push_back({begin, begin + bytes});
}

void unregisterReadOnlyMapping(const void *start) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto begin = reinterpret_cast<uintptr_t>(start);
  for (size_t i = 0; i < r.mappings.size(); ++i)
    if (r.mappings[i].start == begin) {
      r.mappings.erase(r.mappings.begin() + i);
      return;
    }
}

void releaseMappedPages(const void *data, size_t bytes) {
  static const uintptr_t pageSize = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  auto begin = reinterpret_cast<uintptr_t>(data), end = begin + bytes;
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (const Mapping &mapping : r.mappings) {
    if (begin < mapping.start || end > mapping.end)
      continue;
    // Whole pages only: a neighbouring tensor's partial page stays resident.
    uintptr_t first = (begin + pageSize - 1) & ~(pageSize - 1);
    uintptr_t last = end & ~(pageSize - 1);
    if (last > first)
      ::madvise(reinterpret_cast<void *>(first), last - first, MADV_DONTNEED);
    return;
  }
}

} // namespace tfm::rt
