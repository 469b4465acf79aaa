//===- BufferPool.cpp - the compiled models' heap -------------------------===//
//
// Compiled models allocate their intermediate and result buffers through
// MLIR's generic allocation functions (finalize-memref-to-llvm with
// use-generic-functions). The runtime serves them from a pool of released
// blocks keyed by size: a model allocates the same sizes on every call with
// the same shapes, so after the first (warm-up) call no run reaches the
// system allocator.
//
//===----------------------------------------------------------------------===//

#include "tfm/Runtime/ModelAbi.h"

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace {

// Every block starts with a header recording its size; the pointer handed out
// follows the header and is aligned to at least kHeaderBytes.
constexpr size_t kHeaderBytes = 64;

struct Header {
  size_t capacity; // usable bytes after the header
  size_t alignment;
};

struct Pool {
  std::mutex mutex;
  std::unordered_map<uint64_t, std::vector<void *>> released; // by (capacity, alignment)
  uint64_t systemAllocations = 0;
};

Pool &pool() {
  static Pool *instance = new Pool(); // never destroyed: blocks may outlive statics
  return *instance;
}

uint64_t key(size_t capacity, size_t alignment) {
  return (static_cast<uint64_t>(capacity) << 8) ^ alignment;
}

size_t roundUp(size_t value, size_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

Header *headerOf(void *block) {
  return reinterpret_cast<Header *>(static_cast<char *>(block) - sizeof(Header));
}

} // namespace

extern "C" TFM_API void *
_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  size_t align = alignment < kHeaderBytes ? kHeaderBytes : roundUp(alignment, kHeaderBytes);
  size_t capacity = roundUp(size ? size : 1, 64);
  Pool &p = pool();
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    auto it = p.released.find(key(capacity, align));
    if (it != p.released.end() && !it->second.empty()) {
      void *block = it->second.back();
      it->second.pop_back();
      return block;
    }
    ++p.systemAllocations;
  }
  // The header sits in the `align` bytes before the block.
  char *base = static_cast<char *>(std::aligned_alloc(align, align + capacity));
  if (!base)
    return nullptr;
  void *block = base + align;
  *headerOf(block) = Header{capacity, align};
  return block;
}

extern "C" TFM_API void *
_mlir_memref_to_llvm_alloc(uint64_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(kHeaderBytes, size);
}

extern "C" TFM_API void
_mlir_memref_to_llvm_free(void *block) {
  if (!block)
    return;
  Header header = *headerOf(block);
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  p.released[key(header.capacity, header.alignment)].push_back(block);
}

extern "C" TFM_API void tfmrt_release(void *block) {
  _mlir_memref_to_llvm_free(block);
}

extern "C" TFM_API uint64_t
tfmrt_system_allocations(void) {
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  return p.systemAllocations;
}
